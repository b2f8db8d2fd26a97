<#-- Email to a person whose approved grants an admin revoked: one message per person and revocation, listing each
     grant's agent and purpose (the agent's own words), at most twenty, then how many more. -->
<#assign n = agentGrantNotice>
<html lang="${locale.language}" dir="${ltr?then('ltr', 'rtl')}">
<body>
<p>${msg("agentGrantMailRevokedIntro", n.count, realmName)}</p>
<ul>
<#list n.grants as grant>
    <li>
        <p>${msg("agentGrantMailAgent", grant.agentName)}</p>
        <p>${msg("agentGrantMailPurpose")}</p>
        <blockquote style="border-left: 3px solid #8a8d90; margin: 0 0 1em 0; padding: 0 0 0 1em; font-style: italic;" dir="auto"><p><bdi>${grant.purpose}</bdi></p></blockquote>
    </li>
</#list>
</ul>
<#if (n.more > 0)>
<p>${msg("agentGrantMailRevokedMore", n.more)}</p>
</#if>
<#if n.myGrantsUrl?has_content>
<p><a href="${n.myGrantsUrl}">${msg("agentGrantMailMyGrants", n.myGrantsUrl)}</a></p>
</#if>
<p><small>${msg("agentGrantMailFooter", realmName)}</small></p>
</body>
</html>
