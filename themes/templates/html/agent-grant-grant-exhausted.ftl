<#-- Email to a person whose grant ended because the agent took its last use. -->
<#assign n = agentGrantNotice>
<html lang="${locale.language}" dir="${ltr?then('ltr', 'rtl')}">
<body>
<p>${msg("agentGrantMailExhaustedIntro", n.agentName)}</p>
<p>${msg("agentGrantMailPurpose")}</p>
<blockquote style="border-left: 3px solid #8a8d90; margin: 0 0 1em 0; padding: 0 0 0 1em; font-style: italic;" dir="auto"><p><bdi>${n.purpose}</bdi></p></blockquote>
<#if n.myGrantsUrl?has_content>
<p><a href="${n.myGrantsUrl}">${msg("agentGrantMailMyGrants", n.myGrantsUrl)}</a></p>
</#if>
<p><small>${msg("agentGrantMailFooter", realmName)}</small></p>
</body>
</html>
