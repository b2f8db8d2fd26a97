<#ftl output_format="plainText">
<#-- Plain-text twin of html/agent-grant-grant-exhausted.ftl. -->
<#assign n = agentGrantNotice>
${msg("agentGrantMailExhaustedIntro", n.agentName)}

${msg("agentGrantMailPurpose")}
  "${n.purpose}"
<#if n.myGrantsUrl?has_content>

${msg("agentGrantMailMyGrants", n.myGrantsUrl)}
</#if>

--
${msg("agentGrantMailFooter", realmName)}
