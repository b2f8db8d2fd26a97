<#-- Email to the person a request's login_hint names: who asks, the purpose as the agent's own words, the code to
     compare and the link that opens the request. Every ${...} is HTML-escaped (Keycloak's FreeMarker setup). -->
<#assign n = agentGrantNotice>
<html lang="${locale.language}" dir="${ltr?then('ltr', 'rtl')}">
<body>
<p>${msg("agentGrantMailRequestIntro", n.agentName)}</p>
<p>${msg("agentGrantMailPurpose")}</p>
<blockquote style="border-left: 3px solid #8a8d90; margin: 0 0 1em 0; padding: 0 0 0 1em; font-style: italic;" dir="auto"><p><bdi>${n.purpose}</bdi></p></blockquote>
<p>${msg("agentGrantMailRequestCode", n.userCode)}</p>
<p><a id="agent-grant-link" href="${n.verificationUriComplete}">${msg("agentGrantMailRequestOpen")}</a></p>
<p>${msg("agentGrantMailRequestTypeCode", n.verificationUri, n.userCode)}</p>
<p>${msg("agentGrantMailRequestExpiry", n.expiresAt)}</p>
<p><small>${msg("agentGrantMailFooter", realmName)}</small></p>
</body>
</html>
