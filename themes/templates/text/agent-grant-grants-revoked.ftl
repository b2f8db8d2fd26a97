<#ftl output_format="plainText">
<#-- Plain-text twin of html/agent-grant-grants-revoked.ftl. -->
<#assign n = agentGrantNotice>
${msg("agentGrantMailRevokedIntro", n.count, realmName)}
<#list n.grants as grant>

* ${msg("agentGrantMailAgent", grant.agentName)}
  ${msg("agentGrantMailPurpose")}
  "${grant.purpose}"
</#list>
<#if (n.more > 0)>

${msg("agentGrantMailRevokedMore", n.more)}
</#if>
<#if n.myGrantsUrl?has_content>

${msg("agentGrantMailMyGrants", n.myGrantsUrl)}
</#if>

--
${msg("agentGrantMailFooter", realmName)}
