<#-- Shown when the request names another person (login_hint) than the one signed in. It does not say who: the
     signed-in user learns only that the request is not theirs, and can sign in again as someone else. -->
<#import "template.ftl" as layout>
<#import "agent-grant-common.ftl" as ag>
<#global title = ag.documentTitle("agentGrantWrongUserTitle")>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("agentGrantWrongUserTitle")}
    <#elseif section = "form">
        <@ag.styles/>
        <div id="agent-grant-wrong-user" class="agent-grant-page">
            <p>${msg("agentGrantWrongUserText")}</p>
            <p id="agent-grant-signed-in-as">${msg("agentGrantWrongUserSignedInAs")} <strong><bdi>${agentGrantWrongUser.signedInAs}</bdi></strong></p>

            <form id="agent-grant-switch-account-form" class="${ag.classes("kcFormClass")}" action="${agentGrantWrongUser.switchUrl}" method="post">
                <input type="hidden" name="csrf" value="${agentGrantWrongUser.csrf}">
                <div class="${ag.classes("kcFormGroupClass")}">
                    <div class="${ag.classes("kcFormButtonsClass", "kcFormActionGroupClass")}">
                        <button type="submit" id="agent-grant-switch-account"
                                class="${ag.classes("kcButtonClass", "kcButtonPrimaryClass", "kcButtonBlockClass", "kcButtonLargeClass")}">${msg("agentGrantWrongUserSwitch")}</button>
                    </div>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
