<#--
  Shared by the agent-grant pages (imported as "ag"). They render inside whichever login theme the realm uses, so
  everything here reads the theme's own class names from `properties` and works when a class is not defined.
  A login theme can replace this file by shipping its own agent-grant-common.ftl.
-->

<#-- The class names behind the given theme properties, without blanks or repeats (keycloak.v2's
     kcButtonPrimaryClass already holds kcButtonClass; the keycloak theme's does not). -->
<#function classes keys...>
    <#local result = []>
    <#list keys as key>
        <#list (properties[key]!"")?split(" ") as name>
            <#if name?has_content && !result?seq_contains(name)>
                <#local result += [name]>
            </#if>
        </#list>
    </#list>
    <#return result?join(" ")>
</#function>

<#-- The document <title>: the page's heading, then the realm. Keycloak sets `title` to "Sign in to <realm>" after
     the page's own attributes, so a page sets it with <#global>, which hides the data-model value. -->
<#function documentTitle headingKey>
    <#if (realm.displayName)?has_content>
        <#return msg("agentGrantDocumentTitle", msg(headingKey), realm.displayName)>
    </#if>
    <#return msg(headingKey)>
</#function>

<#-- An input or select with the theme's kcInputClass. PatternFly 5 and later (keycloak.v2) put that class on a
     wrapper around the control, as keycloak.v2's field.ftl does; PatternFly 4 (keycloak) and base-derived themes
     put it on the control itself. The nested content receives the class the control should carry. -->
<#macro control>
    <#if (properties.kcInputClass!"")?contains("pf-v")>
        <span class="${properties.kcInputClass}"><#nested ""></span>
    <#else>
        <#nested properties.kcInputClass!"">
    </#if>
</#macro>

<#-- Text that is not ours (client names, scope consent texts, usernames), isolated with <bdi> so bidirectional
     characters in it cannot reorder the page's own text around it. Client names and consent texts may be a message
     key written "${key}", as Keycloak's built-in clients and scopes are; that form is looked up in the theme's
     messages. Anything else is shown as typed: unlike advancedMsg, never parsed as a MessageFormat pattern, so
     quotes and braces in it are harmless. -->
<#macro text value><#if value?matches(r"\$\{[A-Za-z0-9._-]+\}")><bdi>${msg(value[2..<value?length - 1])}</bdi><#else><bdi>${value}</bdi></#if></#macro>

<#-- The pages' few styles (the agent's own words set apart from the page's text, the user code) and their one
     script (times in the browser's time zone), served from the extension's theme resources; a login theme overrides
     them with its own resources/css/agent-grant.css and resources/js/agent-grant-time.js. -->
<#macro styles>
    <link rel="stylesheet" href="${url.resourcesPath}/css/agent-grant.css">
    <#-- An external script, never an inline one: the pages work under a Content-Security-Policy without
         'unsafe-inline'. -->
    <script src="${url.resourcesPath}/js/agent-grant-time.js" defer></script>
</#macro>

<#-- A point in time: the server's text (in UTC, saying so) inside <time datetime="…">, which the pages' script
     (resources/js/agent-grant-time.js, loaded by the styles macro) rewrites into the browser's time zone, naming it.
     Without an ISO form the text is shown as it is. -->
<#macro time text iso=""><#if iso?has_content><time datetime="${iso}"><bdi>${text}</bdi></time><#else><bdi>${text}</bdi></#if></#macro>

<#-- A permission as a person reads it: its consent text (the scope's name beside it, small), or its name alone;
     marked when an admin made the scope sensitive. -->
<#macro scope scope><#if scope.consentText?has_content><@text value=scope.consentText/> <code dir="ltr" class="agent-grant-scope-name"><bdi>${scope.name}</bdi></code><#else><code dir="ltr"><bdi>${scope.name}</bdi></code></#if><#if scope.sensitive!false> <span class="agent-grant-badge agent-grant-sensitive">${msg("agentGrantConsentSensitive")}</span></#if></#macro>
