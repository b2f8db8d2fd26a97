package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The consent page: what the person is asked to approve — agent and owners, the requesting workload's verified facts,
 * when and from where the request came, the user code, the purpose in the agent's own words, audience, scopes with
 * their consent texts (those the person could not obtain themselves shown but not selectable), lifetime and use limit.
 * Every value an agent or admin wrote is neutralised for display ({@link DisplayText}).
 */
final class ConsentPage {

    private ConsentPage() {}

    static Response render(AuthenticationFlowContext context, TaskGrant grant, String csrf, String errorKey) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        Locale locale = ApprovalPages.locale(session, user);
        Set<String> available =
                PersonScopes.available(realm, user, grant.request().task().scopes());
        Map<String, Object> page = new LinkedHashMap<>();
        ClientModel agent = realm.getClientById(grant.agent().id());
        page.put("agentName", ApprovalPages.agentName(realm, grant));
        page.put("agentClientId", DisplayText.neutralise(grant.agent().clientId()));
        page.put("owners", owners(agent));
        List<Map<String, String>> facts = new ArrayList<>();
        new TreeSet<>(grant.evidence().facts().keySet())
                .forEach(name -> facts.add(Map.of(
                        "name",
                        DisplayText.neutralise(name),
                        "value",
                        DisplayText.neutralise(grant.evidence().facts().get(name)))));
        page.put("facts", facts);
        page.put("requestedAt", ApprovalPages.format(grant.request().at(), locale));
        grant.request().address().ifPresent(address -> page.put("requestAddress", DisplayText.neutralise(address)));
        String userCode = context.getAuthenticationSession().getClientNote(ApprovalNotes.USER_CODE);
        page.put("userCode", userCode == null ? "" : userCode);
        page.put("purpose", DisplayText.neutralise(grant.request().task().purpose()));
        ClientModel audience = realm.getClientByClientId(grant.request().task().audience());
        page.put(
                "audienceName",
                DisplayText.neutralise(ApprovalPages.displayName(
                        audience, grant.request().task().audience())));
        page.put(
                "audienceClientId",
                DisplayText.neutralise(grant.request().task().audience()));
        Properties messages = messages(session, locale);
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (String name : grant.request().task().scopes()) {
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("name", DisplayText.neutralise(name));
            consentText(realm, name, messages)
                    .ifPresent(text -> scope.put("consentText", DisplayText.neutralise(text)));
            scope.put("available", available.contains(name));
            scope.put("checked", available.contains(name));
            scopes.add(scope);
        }
        page.put("scopes", scopes);
        List<Map<String, Object>> lifetimes = new ArrayList<>();
        for (LifetimeOption option : LifetimeOption.forRequested(grant.request().lifetime())) {
            lifetimes.add(Map.of(
                    "seconds",
                    option.seconds(),
                    "amount",
                    option.amount(),
                    "unit",
                    option.unit(),
                    "selected",
                    option.selected()));
        }
        page.put("lifetimes", lifetimes);
        page.put("maxUses", grant.usage().maxUses());
        page.put("signedInAs", DisplayText.neutralise(user.getUsername()));
        page.put("csrf", csrf);
        page.put("actionUrl", context.getActionUrl(context.generateAccessCode()).toString());
        LoginFormsProvider form = context.form().setAttribute("agentGrant", page);
        if (errorKey != null) {
            form.setError(errorKey);
        }
        return form.createForm(ApprovalPages.CONSENT_TEMPLATE);
    }

    private static List<String> owners(ClientModel agent) {
        if (agent == null) {
            return List.of();
        }
        try {
            return AgentProfile.read(agent.getAttributes()).owners().stream()
                    .map(DisplayText::neutralise)
                    .toList();
        } catch (AgentProfileProblems problems) {
            return List.of();
        }
    }

    /** A scope's consent text; a {@code ${key}} reference is looked up in the login theme's messages. */
    private static Optional<String> consentText(RealmModel realm, String name, Properties messages) {
        return clientScope(realm, name)
                .map(ClientScopeModel::getConsentScreenText)
                .filter(t -> !t.isBlank())
                .map(text -> {
                    if (text.startsWith("${") && text.endsWith("}")) {
                        return messages.getProperty(text.substring(2, text.length() - 1), text);
                    }
                    return text;
                });
    }

    private static Properties messages(KeycloakSession session, Locale locale) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            return theme.getEnhancedMessages(session.getContext().getRealm(), locale);
        } catch (IOException e) {
            return new Properties();
        }
    }

    private static Optional<ClientScopeModel> clientScope(RealmModel realm, String name) {
        return realm.getClientScopesStream()
                .filter(scope -> name.equals(scope.getName()))
                .findFirst();
    }
}
