<#-- The user code entry of GET /agent-grant/verify (RFC 8628 §3.3): the code the agent showed the human. -->
<#import "template.ftl" as layout>
<#import "agent-grant-common.ftl" as ag>
<#global title = ag.documentTitle("agentGrantVerifyTitle")>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("agentGrantVerifyTitle")}
    <#elseif section = "form">
        <@ag.styles/>
        <form id="agent-grant-verify-form" class="${ag.classes("kcFormClass")}" action="${agentGrantVerify.actionUrl}" method="post">
            <p id="agent-grant-verify-instruction">${msg("agentGrantVerifyInstruction")}</p>

            <div class="${ag.classes("kcFormGroupClass")}">
                <div class="${ag.classes("kcLabelWrapperClass", "kcFormGroupLabelClass")}">
                    <label for="user_code" class="${ag.classes("kcLabelClass", "kcFormLabelClass")}">${msg("agentGrantVerifyUserCodeLabel")}</label>
                </div>
                <div class="${ag.classes("kcInputWrapperClass")}">
                    <@ag.control; controlClass>
                        <input id="user_code" name="user_code" type="text" class="${(controlClass + " agent-grant-user-code-input")?trim}"
                               value="${agentGrantVerify.userCode!""}" autocomplete="off" autocapitalize="characters"
                               spellcheck="false" autofocus dir="ltr" aria-describedby="agent-grant-verify-instruction"
                               <#if (message.type)! == "error">aria-invalid="true"</#if>>
                    </@ag.control>
                </div>
            </div>

            <div class="${ag.classes("kcFormGroupClass")}">
                <div class="${ag.classes("kcFormButtonsClass", "kcFormActionGroupClass")}">
                    <button type="submit" id="agent-grant-submit-code"
                            class="${ag.classes("kcButtonClass", "kcButtonPrimaryClass", "kcButtonBlockClass", "kcButtonLargeClass")}">${msg("agentGrantVerifySubmit")}</button>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
