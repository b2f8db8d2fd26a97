package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import dev.agentgrant.keycloak.support.HumanText;
import jakarta.ws.rs.core.Response;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The consent page: what the person is asked to approve — agent and owners, the requesting workload's verified facts,
 * when and from where the request came, the user code, the purpose in the agent's own words, audience, scopes with
 * their consent texts (those the person could not obtain themselves shown but not selectable), lifetime and use limit,
 * and the sub-agents the agent may hand the task to (each ticked; the person may untick any).
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
        page.put("requestedAt", HumanText.dateTime(grant.request().at(), locale));
        page.put("requestedAtIso", ApprovalPages.iso(grant.request().at()));
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
        ScopeTexts texts = ScopeTexts.of(session, realm, locale);
        page.put("summary", summary(grant.evidence().facts(), texts.messages(), locale));
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (String name : grant.request().task().scopes()) {
            Map<String, Object> scope = texts.describe(name);
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
        page.put("delegates", delegates(realm, offeredDelegates(realm, grant)));
        page.put("signedInAs", DisplayText.neutralise(user.getUsername()));
        page.put("csrf", csrf);
        page.put("actionUrl", context.getActionUrl(context.generateAccessCode()).toString());
        LoginFormsProvider form = context.form().setAttribute("agentGrant", page);
        if (errorKey != null) {
            form.setError(errorKey);
        }
        return form.createForm(ApprovalPages.CONSENT_TEMPLATE);
    }

    /**
     * The sub-agents the page offers the person, each of which they may untick: those the agent's profile names now
     * that are agents of the realm ({@link OfferedDelegates}). None when the profile is not readable (the exchange
     * refuses such an agent anyway).
     */
    static Set<String> offeredDelegates(RealmModel realm, TaskGrant grant) {
        ClientModel agent = realm.getClientById(grant.agent().id());
        if (agent == null) {
            return Set.of();
        }
        Set<String> named;
        try {
            named = AgentProfile.read(agent.getAttributes()).delegates();
        } catch (AgentProfileProblems problems) {
            return Set.of();
        }
        return OfferedDelegates.of(agent.getClientId(), named, clientId -> {
            ClientModel client = realm.getClientByClientId(clientId);
            return client != null && "true".equals(client.getAttribute(AgentProfileOptions.ENABLED.name()));
        });
    }

    /**
     * The offered sub-agents as the page lists them: each by the display name the agent itself gets (its client name,
     * else its client_id), ticked; the posted value is the client_id.
     */
    private static List<Map<String, Object>> delegates(RealmModel realm, Set<String> offered) {
        List<Map<String, Object>> delegates = new ArrayList<>();
        for (String clientId : offered) {
            String name = ApprovalPages.displayName(realm.getClientByClientId(clientId), clientId);
            Map<String, Object> delegate = new LinkedHashMap<>();
            delegate.put("clientId", clientId);
            delegate.put("name", DisplayText.neutralise(name));
            delegate.put("named", !name.equals(clientId));
            delegate.put("checked", true);
            delegates.add(delegate);
        }
        return delegates;
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

    /**
     * The verified facts as sentences ({@link AttestationSummary}) in the page's language. A fact is a value the
     * evidence carried: neutralised, and passed to the pattern as an argument, never as part of the pattern.
     */
    private static List<String> summary(Map<String, String> facts, Properties messages, Locale locale) {
        List<String> sentences = new ArrayList<>();
        for (AttestationSummary.Sentence sentence : AttestationSummary.of(facts)) {
            String pattern = messages.getProperty(sentence.key());
            if (pattern != null) {
                Object[] arguments = sentence.arguments().stream()
                        .map(DisplayText::neutralise)
                        .toArray();
                sentences.add(new MessageFormat(pattern, locale).format(arguments));
            }
        }
        return sentences;
    }
}
