<#-- The consent page: everything the human needs to decide on one grant request, and the form that decides it. -->
<#import "template.ftl" as layout>
<#import "agent-grant-common.ftl" as ag>
<#global title = ag.documentTitle("agentGrantConsentTitle")>
<#-- "30 minutes", "2 hours", "1 day": a lifetime the human may pick, in the unit the server chose for it. -->
<#function lifetimeLabel lifetime>
    <#switch lifetime.unit>
        <#case "minutes"><#return msg("agentGrantLifetimeMinutes", lifetime.amount)>
        <#case "hours"><#return msg("agentGrantLifetimeHours", lifetime.amount)>
        <#case "days"><#return msg("agentGrantLifetimeDays", lifetime.amount)>
    </#switch>
    <#return msg("agentGrantLifetimeSeconds", lifetime.seconds)>
</#function>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("agentGrantConsentTitle")}
    <#elseif section = "form">
        <@ag.styles/>
        <div id="agent-grant-consent" class="agent-grant-page">
            <p>${msg("agentGrantConsentIntro")}</p>

            <section aria-labelledby="agent-grant-code-heading">
                <h2 id="agent-grant-code-heading">${msg("agentGrantConsentUserCodeHeading")}</h2>
                <p id="agent-grant-user-code-help">${msg("agentGrantConsentUserCodeHelp")}</p>
                <p><strong><code id="agent-grant-user-code" class="agent-grant-user-code" dir="ltr"><bdi>${agentGrant.userCode}</bdi></code></strong></p>
            </section>

            <section aria-labelledby="agent-grant-agent-heading">
                <h2 id="agent-grant-agent-heading">${msg("agentGrantConsentAgentHeading")}</h2>
                <dl class="agent-grant-details">
                    <dt>${msg("agentGrantConsentAgentName")}</dt>
                    <dd id="agent-grant-agent-name"><@ag.text value=(agentGrant.agentName!agentGrant.agentClientId)/></dd>
                    <dt>${msg("agentGrantConsentAgentClientId")}</dt>
                    <dd><code dir="ltr"><bdi>${agentGrant.agentClientId}</bdi></code></dd>
                    <dt>${msg("agentGrantConsentOwners")}</dt>
                    <dd>
                        <#if agentGrant.owners?has_content>
                            <ul id="agent-grant-owners">
                                <#list agentGrant.owners as owner>
                                    <li><bdi>${owner}</bdi></li>
                                </#list>
                            </ul>
                        <#else>
                            ${msg("agentGrantConsentNoOwners")}
                        </#if>
                    </dd>
                    <dt>${msg("agentGrantConsentRequestedAt")}</dt>
                    <dd><bdi>${agentGrant.requestedAt}</bdi></dd>
                    <#if agentGrant.requestAddress?has_content>
                        <dt>${msg("agentGrantConsentRequestAddress")}</dt>
                        <dd><code dir="ltr"><bdi>${agentGrant.requestAddress}</bdi></code></dd>
                    </#if>
                </dl>
            </section>

            <section aria-labelledby="agent-grant-facts-heading">
                <h2 id="agent-grant-facts-heading">${msg("agentGrantConsentFactsHeading")}</h2>
                <#if agentGrant.facts?has_content>
                    <p id="agent-grant-facts-help">${msg("agentGrantConsentFactsHelp")}</p>
                    <dl id="agent-grant-facts" class="agent-grant-details">
                        <#list agentGrant.facts as fact>
                            <dt><code dir="ltr"><bdi>${fact.name}</bdi></code></dt>
                            <dd><bdi>${fact.value}</bdi></dd>
                        </#list>
                    </dl>
                <#else>
                    <p>${msg("agentGrantConsentNoFacts")}</p>
                </#if>
            </section>

            <section aria-labelledby="agent-grant-purpose-heading">
                <h2 id="agent-grant-purpose-heading">${msg("agentGrantConsentPurposeHeading")}</h2>
                <p id="agent-grant-purpose-help">${msg("agentGrantConsentPurposeHelp")}</p>
                <blockquote id="agent-grant-purpose" class="agent-grant-agent-words" dir="auto"><p><bdi>${agentGrant.purpose}</bdi></p></blockquote>
            </section>

            <form id="agent-grant-consent-form" class="${ag.classes("kcFormClass")}" action="${agentGrant.actionUrl}" method="post">
                <input type="hidden" name="csrf" value="${agentGrant.csrf}">

                <section aria-labelledby="agent-grant-access-heading">
                    <h2 id="agent-grant-access-heading">${msg("agentGrantConsentAccessHeading")}</h2>
                    <dl class="agent-grant-details">
                        <dt>${msg("agentGrantConsentAudience")}</dt>
                        <dd id="agent-grant-audience">
                            <@ag.text value=(agentGrant.audienceName!agentGrant.audienceClientId)/> <code dir="ltr"><bdi>${agentGrant.audienceClientId}</bdi></code>
                        </dd>
                    </dl>

                    <fieldset id="agent-grant-scopes" class="${("agent-grant-scopes " + ag.classes("kcFormGroupClass"))?trim}" aria-describedby="agent-grant-scopes-help">
                        <legend>${msg("agentGrantConsentScopesLegend")}</legend>
                        <p id="agent-grant-scopes-help">${msg("agentGrantConsentScopesHelp")}</p>
                        <#-- A scope the signed-in user lacks cannot be granted: shown, never ticked, not posted. -->
                        <#list agentGrant.scopes as scope>
                            <#assign scopeId = "agent-grant-scope-" + scope?index?c>
                            <div class="${ag.classes("kcCheckboxClass", "kcCheckClass")}">
                                <input type="checkbox" id="${scopeId}" name="scope" value="${scope.name}"
                                       class="${ag.classes("kcCheckboxInputClass", "kcCheckInputClass")}"<#if scope.checked && scope.available> checked</#if><#if !scope.available> disabled aria-describedby="${scopeId}-note"</#if>>
                                <label for="${scopeId}" class="${ag.classes("kcCheckboxLabelClass", "kcCheckLabelClass", scope.available?then("", "kcInputClassRadioCheckboxLabelDisabled"))}">
                                    <#if scope.consentText?has_content>
                                        <@ag.text value=scope.consentText/> <code dir="ltr"><bdi>${scope.name}</bdi></code>
                                    <#else>
                                        <code dir="ltr"><bdi>${scope.name}</bdi></code>
                                    </#if>
                                </label>
                                <#if !scope.available>
                                    <span id="${scopeId}-note" class="agent-grant-note">${msg("agentGrantConsentScopeUnavailable")}</span>
                                </#if>
                            </div>
                        </#list>
                    </fieldset>

                    <div class="${ag.classes("kcFormGroupClass")}">
                        <div class="${ag.classes("kcLabelWrapperClass", "kcFormGroupLabelClass")}">
                            <label for="agent-grant-lifetime" class="${ag.classes("kcLabelClass", "kcFormLabelClass")}">${msg("agentGrantConsentLifetimeLabel")}</label>
                        </div>
                        <div class="${ag.classes("kcInputWrapperClass")}">
                            <@ag.control; controlClass>
                                <select id="agent-grant-lifetime" name="lifetime" class="${controlClass}" aria-describedby="agent-grant-lifetime-help">
                                    <#list agentGrant.lifetimes as lifetime>
                                        <option value="${lifetime.seconds?c}"<#if lifetime.selected> selected</#if>>${lifetimeLabel(lifetime)}</option>
                                    </#list>
                                </select>
                            </@ag.control>
                            <p id="agent-grant-lifetime-help" class="agent-grant-note">${msg("agentGrantConsentLifetimeHelp")}</p>
                        </div>
                    </div>

                    <#if (agentGrant.maxUses!0) gt 0>
                        <p id="agent-grant-max-uses">${msg("agentGrantConsentMaxUses", agentGrant.maxUses)}</p>
                    </#if>
                </section>

                <p id="agent-grant-signed-in-as">${msg("agentGrantConsentSignedInAs")} <strong><bdi>${agentGrant.signedInAs}</bdi></strong></p>

                <div class="${ag.classes("kcFormGroupClass")}">
                    <div class="${ag.classes("kcFormButtonsClass", "kcFormActionGroupClass")}">
                        <button type="submit" id="agent-grant-approve" name="decision" value="approve"
                                class="${ag.classes("kcButtonClass", "kcButtonPrimaryClass", "kcButtonBlockClass", "kcButtonLargeClass")}">${msg("agentGrantConsentApprove")}</button>
                        <button type="submit" id="agent-grant-deny" name="decision" value="deny"
                                class="${ag.classes("kcButtonClass", "kcButtonSecondaryClass", "kcButtonDefaultClass", "kcButtonBlockClass", "kcButtonLargeClass")}">${msg("agentGrantConsentDeny")}</button>
                    </div>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
