<#-- The consent page: everything the human needs to decide on one grant request, and the form that decides it.
     The first screen (desktop and phone) answers who asks, for what, where, which permissions, how long and how often,
     and holds Approve and Deny; the sub-agents the agent may hand the task to (to untick) follow right under the
     decision, then what the server verified about the agent. -->
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
        <div id="agent-grant-consent" class="agent-grant-page agent-grant-consent">
            <form id="agent-grant-consent-form" class="${ag.classes("kcFormClass")}" action="${agentGrant.actionUrl}" method="post">
                <input type="hidden" name="csrf" value="${agentGrant.csrf}">
                <p id="agent-grant-signed-in-as" class="agent-grant-note agent-grant-signed-in">${msg("agentGrantConsentSignedInAs")} <strong><bdi>${agentGrant.signedInAs}</bdi></strong></p>
                <dl class="agent-grant-request">
                    <div class="agent-grant-row">
                        <dt>${msg("agentGrantConsentAgentHeading")}</dt>
                        <dd>
                            <strong id="agent-grant-agent-name"><@ag.text value=(agentGrant.agentName!agentGrant.agentClientId)/></strong>
                            <#if agentGrant.owners?has_content>
                                <span id="agent-grant-owners" class="agent-grant-owners">${msg("agentGrantConsentOwnedBy")} <#list agentGrant.owners as owner><bdi>${owner}</bdi><#sep>, </#sep></#list></span>
                            </#if>
                        </dd>
                    </div>
                    <div class="agent-grant-row">
                        <dt>${msg("agentGrantConsentTask")}</dt>
                        <dd>
                            <blockquote id="agent-grant-purpose" class="agent-grant-agent-words" dir="auto" aria-describedby="agent-grant-purpose-unverified"><p><bdi>${agentGrant.purpose}</bdi></p></blockquote>
                            <span id="agent-grant-purpose-unverified" class="agent-grant-badge agent-grant-unverified">${msg("agentGrantConsentPurposeUnverified")}</span>
                        </dd>
                    </div>
                    <div class="agent-grant-row">
                        <dt>${msg("agentGrantConsentAudience")}</dt>
                        <dd id="agent-grant-audience"><strong><@ag.text value=(agentGrant.audienceName!agentGrant.audienceClientId)/></strong></dd>
                    </div>
                    <div class="agent-grant-row">
                        <dt id="agent-grant-scopes-label">${msg("agentGrantConsentScopesLegend")}</dt>
                        <dd>
                            <fieldset id="agent-grant-scopes" class="agent-grant-scopes" aria-labelledby="agent-grant-scopes-label">
                                <#-- A scope the signed-in user lacks cannot be granted: shown, never ticked, not posted. -->
                                <#list agentGrant.scopes as scope>
                                    <#assign scopeId = "agent-grant-scope-" + scope?index?c>
                                    <div class="${("agent-grant-scope " + ag.classes("kcCheckboxClass", "kcCheckClass"))?trim}">
                                        <input type="checkbox" id="${scopeId}" name="scope" value="${scope.name}"
                                               class="${ag.classes("kcCheckboxInputClass", "kcCheckInputClass")}"<#if scope.checked && scope.available> checked</#if><#if !scope.available> disabled aria-describedby="${scopeId}-note"</#if>>
                                        <label for="${scopeId}" class="${ag.classes("kcCheckboxLabelClass", "kcCheckLabelClass", scope.available?then("", "kcInputClassRadioCheckboxLabelDisabled"))}">
                                            <#if scope.consentText?has_content>
                                                <@ag.text value=scope.consentText/> <code dir="ltr" class="agent-grant-scope-name"><bdi>${scope.name}</bdi></code>
                                            <#else>
                                                <code dir="ltr"><bdi>${scope.name}</bdi></code>
                                            </#if>
                                            <#if scope.sensitive!false>
                                                <span id="${scopeId}-sensitive" class="agent-grant-badge agent-grant-sensitive">${msg("agentGrantConsentSensitive")}</span>
                                            </#if>
                                        </label>
                                        <#if !scope.available>
                                            <span id="${scopeId}-note" class="agent-grant-note">${msg("agentGrantConsentScopeUnavailable")}</span>
                                        </#if>
                                    </div>
                                </#list>
                            </fieldset>
                        </dd>
                    </div>
                    <div class="agent-grant-row">
                        <dt><label for="agent-grant-lifetime">${msg("agentGrantConsentLifetimeLabel")}</label></dt>
                        <dd class="agent-grant-lifetime">
                            <span class="agent-grant-inline-control">
                                <@ag.control; controlClass>
                                    <select id="agent-grant-lifetime" name="lifetime" class="${controlClass}">
                                        <#list agentGrant.lifetimes as lifetime>
                                            <option value="${lifetime.seconds?c}"<#if lifetime.selected> selected</#if>>${lifetimeLabel(lifetime)}</option>
                                        </#list>
                                    </select>
                                </@ag.control>
                            </span>
                            <#if (agentGrant.maxUses!0) gt 0>
                                <span id="agent-grant-max-uses">${msg("agentGrantConsentMaxUses", agentGrant.maxUses)}</span>
                            </#if>
                        </dd>
                    </div>
                    <div class="agent-grant-row">
                        <dt>${msg("agentGrantConsentUserCodeHeading")}</dt>
                        <dd>
                            <code id="agent-grant-user-code" class="agent-grant-user-code" dir="ltr"><bdi>${agentGrant.userCode}</bdi></code>
                            <span id="agent-grant-user-code-help" class="agent-grant-note">${msg("agentGrantConsentUserCodeHelp")}</span>
                        </dd>
                    </div>
                </dl>

                <div class="${("agent-grant-decision " + ag.classes("kcFormGroupClass"))?trim}">
                    <button type="submit" id="agent-grant-approve" name="decision" value="approve"
                            class="${ag.classes("kcButtonClass", "kcButtonPrimaryClass", "kcButtonLargeClass")}">${msg("agentGrantConsentApprove")}</button>
                    <button type="submit" id="agent-grant-deny" name="decision" value="deny"
                            class="${ag.classes("kcButtonClass", "kcButtonSecondaryClass", "kcButtonDefaultClass", "kcButtonLargeClass")}">${msg("agentGrantConsentDeny")}</button>
                </div>

                <#-- The sub-agents the agent may hand the task to, each ticked; an unticked one is not posted. Right under
                     the decision: the first screen has no line to spare on a desktop, and Approve and Deny stay on it. -->
                <#if (agentGrant.delegates![])?has_content>
                    <fieldset id="agent-grant-delegates" class="agent-grant-delegates" aria-describedby="agent-grant-delegates-help">
                        <legend id="agent-grant-delegates-legend">${msg("agentGrantConsentDelegatesLegend")}</legend>
                        <#list agentGrant.delegates as delegate>
                            <#assign delegateId = "agent-grant-delegate-" + delegate?index?c>
                            <div class="${("agent-grant-delegate " + ag.classes("kcCheckboxClass", "kcCheckClass"))?trim}">
                                <input type="checkbox" id="${delegateId}" name="delegate" value="${delegate.clientId}"
                                       class="${ag.classes("kcCheckboxInputClass", "kcCheckInputClass")}"<#if delegate.checked> checked</#if>>
                                <label for="${delegateId}" class="${ag.classes("kcCheckboxLabelClass", "kcCheckLabelClass")}"><bdi>${delegate.name}</bdi><#if delegate.named> <code dir="ltr" class="agent-grant-scope-name"><bdi>${delegate.clientId}</bdi></code></#if></label>
                            </div>
                        </#list>
                        <span id="agent-grant-delegates-help" class="agent-grant-note">${msg("agentGrantConsentDelegatesHelp")}</span>
                    </fieldset>
                </#if>
            </form>

            <section class="agent-grant-more" aria-labelledby="agent-grant-facts-heading">
                <h2 id="agent-grant-facts-heading">${msg("agentGrantConsentFactsHeading")}</h2>
                <#if agentGrant.facts?has_content>
                    <#if (agentGrant.summary![])?has_content>
                        <p id="agent-grant-attestation-summary"><#list agentGrant.summary as sentence><bdi>${sentence}</bdi><#sep> </#sep></#list></p>
                    </#if>
                    <details id="agent-grant-facts-details">
                        <summary>${msg("agentGrantConsentFactsShowAll")}</summary>
                        <p id="agent-grant-facts-help" class="agent-grant-note">${msg("agentGrantConsentFactsHelp")}</p>
                        <dl id="agent-grant-facts" class="agent-grant-details">
                            <#list agentGrant.facts as fact>
                                <dt><code dir="ltr"><bdi>${fact.name}</bdi></code></dt>
                                <dd><bdi>${fact.value}</bdi></dd>
                            </#list>
                        </dl>
                    </details>
                <#else>
                    <p>${msg("agentGrantConsentNoFacts")}</p>
                </#if>
                <dl class="agent-grant-details">
                    <dt>${msg("agentGrantConsentAgentClientId")}</dt>
                    <dd><code dir="ltr"><bdi>${agentGrant.agentClientId}</bdi></code></dd>
                    <#if !agentGrant.owners?has_content>
                        <dt>${msg("agentGrantConsentOwners")}</dt>
                        <dd>${msg("agentGrantConsentNoOwners")}</dd>
                    </#if>
                    <dt>${msg("agentGrantConsentAudienceClientId")}</dt>
                    <dd><code dir="ltr"><bdi>${agentGrant.audienceClientId}</bdi></code></dd>
                    <dt>${msg("agentGrantConsentRequestedAt")}</dt>
                    <dd><@ag.time text=agentGrant.requestedAt iso=agentGrant.requestedAtIso!""/></dd>
                    <#if agentGrant.requestAddress?has_content>
                        <dt>${msg("agentGrantConsentRequestAddress")}</dt>
                        <dd><code dir="ltr"><bdi>${agentGrant.requestAddress}</bdi></code></dd>
                    </#if>
                </dl>
            </section>
        </div>
    </#if>
</@layout.registrationLayout>
