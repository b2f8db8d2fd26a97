<#-- A person's own agent grants: requests that name them (to review and decide here, without an agent's link),
     active grants (to revoke) and past ones. Every change is a POST carrying the page's CSRF token. -->
<#import "template.ftl" as layout>
<#import "agent-grant-common.ftl" as ag>
<#global title = ag.documentTitle("agentGrantMyGrantsTitle")>
<#function statusLabel status>
    <#switch status>
        <#case "approved"><#return msg("agentGrantStatusApproved")>
        <#case "denied"><#return msg("agentGrantStatusDenied")>
        <#case "expired"><#return msg("agentGrantStatusExpired")>
        <#case "revoked"><#return msg("agentGrantStatusRevoked")>
        <#case "exhausted"><#return msg("agentGrantStatusExhausted")>
    </#switch>
    <#return status>
</#function>
<#macro task grant>
    <dt>${msg("agentGrantMyGrantsAgent")}</dt>
    <dd><@ag.text value=grant.agentName/></dd>
    <dt>${msg("agentGrantMyGrantsPurpose")}</dt>
    <dd><blockquote class="agent-grant-agent-words" dir="auto"><p><bdi>${grant.purpose}</bdi></p></blockquote></dd>
    <dt>${msg("agentGrantMyGrantsAudience")}</dt>
    <dd><@ag.text value=grant.audienceName/></dd>
    <dt>${msg("agentGrantMyGrantsScopes")}</dt>
    <dd><ul class="agent-grant-scope-list"><#list grant.scopes as scope><li><@ag.scope scope=scope/></li></#list></ul></dd>
    <#if (grant.delegates![])?has_content>
        <dt>${msg("agentGrantMyGrantsDelegates")}</dt>
        <dd class="agent-grant-delegates-granted"><#list grant.delegates as delegate><bdi>${delegate}</bdi><#sep>, </#sep></#list></dd>
    </#if>
    <dt>${msg("agentGrantMyGrantsRequestedAt")}</dt>
    <dd><@ag.time text=grant.requestedAt iso=grant.requestedAtIso!""/></dd>
</#macro>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("agentGrantMyGrantsTitle")}
    <#elseif section = "form">
        <@ag.styles/>
        <div id="agent-grant-my-grants" class="agent-grant-page">
            <p>${msg("agentGrantMyGrantsIntro", agentGrantMyGrants.signedInAs)}</p>

            <section aria-labelledby="agent-grant-pending-heading">
                <h2 id="agent-grant-pending-heading">${msg("agentGrantMyGrantsPendingHeading")}</h2>
                <#if agentGrantMyGrants.pending?has_content>
                    <#list agentGrantMyGrants.pending as grant>
                        <article class="agent-grant-entry" aria-label="${grant.agentName}">
                            <dl class="agent-grant-details"><@task grant=grant/></dl>
                            <form action="${grant.reviewUrl}" method="post">
                                <input type="hidden" name="csrf" value="${agentGrantMyGrants.csrf}">
                                <button type="submit" id="agent-grant-review-${grant.id}" class="${ag.classes("kcButtonClass", "kcButtonPrimaryClass")}">${msg("agentGrantMyGrantsReview")}</button>
                            </form>
                        </article>
                    </#list>
                <#else>
                    <p>${msg("agentGrantMyGrantsNoPending")}</p>
                </#if>
            </section>

            <section aria-labelledby="agent-grant-active-heading">
                <h2 id="agent-grant-active-heading">${msg("agentGrantMyGrantsActiveHeading")}</h2>
                <#if agentGrantMyGrants.active?has_content>
                    <#list agentGrantMyGrants.active as grant>
                        <article class="agent-grant-entry" aria-label="${grant.agentName}">
                            <dl class="agent-grant-details">
                                <@task grant=grant/>
                                <#if grant.expiresAt?has_content>
                                    <dt>${msg("agentGrantMyGrantsExpiresAt")}</dt>
                                    <dd><@ag.time text=grant.expiresAt iso=grant.expiresAtIso!""/></dd>
                                </#if>
                                <dt>${msg("agentGrantMyGrantsUses")}</dt>
                                <dd>${msg("agentGrantMyGrantsUsesValue", grant.uses?c, grant.maxUses?c)}</dd>
                            </dl>
                            <form action="${grant.revokeUrl}" method="post">
                                <input type="hidden" name="csrf" value="${agentGrantMyGrants.csrf}">
                                <button type="submit" id="agent-grant-revoke-${grant.id}" class="${ag.classes("kcButtonClass", "kcButtonDefaultClass")}">${msg("agentGrantMyGrantsRevoke")}</button>
                            </form>
                        </article>
                    </#list>
                <#else>
                    <p>${msg("agentGrantMyGrantsNoActive")}</p>
                </#if>
            </section>

            <section aria-labelledby="agent-grant-past-heading">
                <h2 id="agent-grant-past-heading">${msg("agentGrantMyGrantsPastHeading")}</h2>
                <#if agentGrantMyGrants.past?has_content>
                    <#list agentGrantMyGrants.past as grant>
                        <article class="agent-grant-entry" aria-label="${grant.agentName}">
                            <dl class="agent-grant-details">
                                <@task grant=grant/>
                                <dt>${msg("agentGrantMyGrantsStatus")}</dt>
                                <dd>${statusLabel(grant.status)}</dd>
                                <#if grant.endedAt?has_content>
                                    <dt>${msg("agentGrantMyGrantsEndedAt")}</dt>
                                    <dd><@ag.time text=grant.endedAt iso=grant.endedAtIso!""/></dd>
                                </#if>
                            </dl>
                        </article>
                    </#list>
                <#else>
                    <p>${msg("agentGrantMyGrantsNoPast")}</p>
                </#if>
            </section>
        </div>
    </#if>
</@layout.registrationLayout>
