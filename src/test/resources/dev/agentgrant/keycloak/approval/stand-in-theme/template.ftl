<#--
  Stand-in for the login theme's template.ftl in ThemeTemplatesTest. The real ones (keycloak.v2, base) need a running
  server to render (url.loginAction, auth, locale, theme resources, footer.ftl), so the unit test renders the pages
  inside this one instead. It keeps exactly the contract the pages rely on, as in Keycloak 26.7.3's template.ftl:
  a registrationLayout macro with the same parameters that prints ${title!} as the document title and the message
  set with LoginFormsProvider.setError, and calls the page back once per section ("header" inside the <h1>, "form",
  and the sections a page may ignore). The pages inside the real layouts can only be seen on a running Keycloak.
-->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<!DOCTYPE html>
<html lang="${lang}">
<head>
    <meta charset="utf-8">
    <title>${title!}</title>
</head>
<body data-page-id="login-${pageId}">
<h1 id="kc-page-title"><#nested "header"></h1>
<#nested "show-username">
<#if displayMessage && message?has_content>
    <div class="alert-${message.type}">${message.summary}</div>
</#if>
<#nested "form">
<#nested "socialProviders">
<#if displayInfo>
    <div id="kc-info"><#nested "info"></div>
</#if>
</body>
</html>
</#macro>
