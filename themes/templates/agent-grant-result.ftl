<#-- The last page of an approval. It ends the human's part: the agent learns the outcome from the server, so this
     page carries no code, token or redirect for the agent. -->
<#import "template.ftl" as layout>
<#import "agent-grant-common.ftl" as ag>
<#-- approved, denied, gone (no longer pending: expired or already decided), unavailable (the realm's approval setup is
     incomplete), try_later (the server cannot reach its database) or error; anything else reads as error. -->
<#switch agentGrantResult.outcome>
    <#case "approved"><#assign headingKey = "agentGrantResultApprovedTitle" textKey = "agentGrantResultApprovedText"><#break>
    <#case "denied"><#assign headingKey = "agentGrantResultDeniedTitle" textKey = "agentGrantResultDeniedText"><#break>
    <#case "gone"><#assign headingKey = "agentGrantResultGoneTitle" textKey = "agentGrantResultGoneText"><#break>
    <#case "unavailable"><#assign headingKey = "agentGrantResultUnavailableTitle" textKey = "agentGrantResultUnavailableText"><#break>
    <#case "try_later"><#assign headingKey = "agentGrantResultTryLaterTitle" textKey = "agentGrantResultTryLaterText"><#break>
    <#default><#assign headingKey = "agentGrantResultErrorTitle" textKey = "agentGrantResultErrorText">
</#switch>
<#global title = ag.documentTitle(headingKey)>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg(headingKey)}
    <#elseif section = "form">
        <@ag.styles/>
        <div id="agent-grant-result" class="agent-grant-page" data-outcome="${agentGrantResult.outcome}">
            <p id="agent-grant-result-text">${msg(textKey)}</p>

            <#if agentGrantResult.outcome == "approved" && (agentGrantResult.agentName?has_content
                    || agentGrantResult.scopes?has_content || agentGrantResult.expiresAt?has_content)>
                <dl class="agent-grant-details">
                    <#if agentGrantResult.agentName?has_content>
                        <dt>${msg("agentGrantResultAgent")}</dt>
                        <dd><@ag.text value=agentGrantResult.agentName/></dd>
                    </#if>
                    <#if agentGrantResult.scopes?has_content>
                        <dt>${msg("agentGrantResultScopes")}</dt>
                        <dd>
                            <ul id="agent-grant-result-scopes">
                                <#list agentGrantResult.scopes as scope>
                                    <li><@ag.scope scope=scope/></li>
                                </#list>
                            </ul>
                        </dd>
                    </#if>
                    <#if (agentGrantResult.delegates![])?has_content>
                        <dt>${msg("agentGrantResultDelegates")}</dt>
                        <dd id="agent-grant-result-delegates"><#list agentGrantResult.delegates as delegate><bdi>${delegate}</bdi><#sep>, </#sep></#list></dd>
                    </#if>
                    <#if agentGrantResult.expiresAt?has_content>
                        <dt>${msg("agentGrantResultExpiresAt")}</dt>
                        <dd id="agent-grant-result-expires"><@ag.time text=agentGrantResult.expiresAt iso=agentGrantResult.expiresAtIso!""/></dd>
                    </#if>
                </dl>
            </#if>

            <#if agentGrantResult.outcome != "unavailable" && agentGrantResult.outcome != "try_later">
                <p id="agent-grant-result-close">${msg("agentGrantResultCloseWindow")}</p>
            </#if>

            <#if agentGrantResult.myGrantsUrl?has_content>
                <p><a id="agent-grant-my-grants" href="${agentGrantResult.myGrantsUrl}">${msg("agentGrantResultMyGrants")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
