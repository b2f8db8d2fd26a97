<#ftl output_format="plainText">
<#-- Plain-text twin of html/agent-grant-request-waiting.ftl. -->
<#assign n = agentGrantNotice>
${msg("agentGrantMailRequestIntro", n.agentName)}

${msg("agentGrantMailPurpose")}
  "${n.purpose}"

${msg("agentGrantMailRequestCode", n.userCode)}

${msg("agentGrantMailRequestLink", n.verificationUriComplete)}

${msg("agentGrantMailRequestTypeCode", n.verificationUri, n.userCode)}

${msg("agentGrantMailRequestExpiry", n.expiresAt)}

--
${msg("agentGrantMailFooter", realmName)}
