package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import dev.agentgrant.keycloak.grant.store.Approval;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * "Agent task consent": the last step of the approval flow. Shows the person what they are asked to approve —
 * agent and owners, the requesting workload's verified facts, when and from where the request came, the user code,
 * the purpose in the agent's own words, audience, scopes with their consent texts, lifetime and use limit — and
 * records their decision with one guarded transition of the grant. Scopes the person could not obtain themselves are
 * shown but cannot be chosen; a request addressed to someone else ({@code login_hint}) is refused with a way to
 * switch account.
 *
 * <p>Keycloak events: {@code GRANT_CONSENT} (approved or denied) and {@code GRANT_CONSENT_ERROR}.
 */
public final class ConsentAuthenticator implements Authenticator {

    private static final String ERROR_FORM = "agentGrantConsentFormRejected";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (codeTurnedAway(context, true)) {
            return;
        }
        Optional<TaskGrant> grant = pendingGrant(context);
        if (grant.isEmpty()) {
            finish(context, ApprovalPages.OUTCOME_GONE);
            return;
        }
        if (!addressedToUser(context, grant.get())) {
            wrongUser(context, grant.get());
            return;
        }
        String csrf = CsrfTokens.generate();
        context.getAuthenticationSession().setAuthNote(ApprovalNotes.CSRF, csrf);
        context.challenge(consentPage(context, grant.get(), csrf, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A decision on a consent page already shown is not held up by guesses others made meanwhile.
        if (codeTurnedAway(context, false)) {
            return;
        }
        Optional<TaskGrant> found = pendingGrant(context);
        if (found.isEmpty()) {
            finish(context, ApprovalPages.OUTCOME_GONE);
            return;
        }
        TaskGrant grant = found.get();
        UserModel user = context.getUser();
        EventBuilder event = event(context, grant);
        if (!addressedToUser(context, grant)) {
            event.detail(Details.REASON, "wrong_user").error(Errors.NOT_ALLOWED);
            wrongUser(context, grant);
            return;
        }
        Map<String, List<String>> form = context.getHttpRequest().getDecodedFormParameters();
        Set<String> available = PersonScopes.available(context.getRealm(), user, grant.request().task().scopes());
        ApprovalDecision.Outcome outcome;
        try {
            outcome = ApprovalDecision.read(form, context.getAuthenticationSession().getAuthNote(ApprovalNotes.CSRF),
                    grant.request().task().scopes(), available, LifetimeOption.forRequested(grant.request().lifetime()));
        } catch (ApprovalDecision.Refused refused) {
            // A tampered or stale form changes nothing; the person sees the page again with a fresh token.
            AuditTrail.of(context.getSession()).record(AuditTrail.Subject.of(grant), "consent_refused",
                    AuditTrail.Outcome.REFUSED, person(context), Map.of(Details.REASON, refused.reason()));
            event.detail(Details.REASON, refused.reason()).error(Errors.INVALID_REQUEST);
            String csrf = CsrfTokens.generate();
            context.getAuthenticationSession().setAuthNote(ApprovalNotes.CSRF, csrf);
            context.challenge(consentPage(context, grant, csrf, ERROR_FORM));
            return;
        }
        context.getAuthenticationSession().removeAuthNote(ApprovalNotes.CSRF);
        GrantTransitions transitions = GrantTransitions.of(context.getSession());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("grant_id", grant.id());
        details.put("agent", grant.agent().clientId());
        boolean decided;
        if (outcome instanceof ApprovalDecision.Approve approve) {
            AuthenticationContext how = authenticationContext(context);
            details.put(Details.SCOPE, String.join(" ", approve.scopes()));
            details.put("lifetime", Long.toString(approve.lifetime().getSeconds()));
            details.put("acr", how.acr());
            details.put("auth_methods", how.methods());
            decided = transitions.approve(grant, new Approval(user.getId(), approve.scopes(), approve.lifetime(),
                    how.authTime(), Optional.of(how.acr()), Optional.of(how.methods())),
                    GrantTransitions.Change.by(person(context), details).reportedTo(event.clone().detail("decision", "approved")));
        } else {
            decided = transitions.deny(AuditTrail.Subject.of(grant), "denied_by_user",
                    GrantTransitions.Change.by(person(context), details).reportedTo(event.clone().detail("decision", "denied")));
        }
        if (!decided) {
            event.detail(Details.REASON, "no_longer_pending").error(Errors.INVALID_REQUEST);
            finish(context, ApprovalPages.OUTCOME_GONE);
            return;
        }
        finish(context, outcome instanceof ApprovalDecision.Approve ? ApprovalPages.OUTCOME_APPROVED : ApprovalPages.OUTCOME_DENIED);
    }

    private static Actor person(AuthenticationFlowContext context) {
        return Actor.person(context.getUser().getId(), address(context));
    }

    /**
     * The result of a code the person typed, told now that they have signed in (the verification page answered every
     * well-formed code alike before): a code that names no pending request of an active agent counts against the
     * guessing budgets and ends the flow on the code entry page ({@link ApprovalProtocol}); once a budget is spent, even
     * a right code waits for the window to end. Answers whether the person was turned away.
     */
    private static boolean codeTurnedAway(AuthenticationFlowContext context, boolean checkBudget) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getClientNote(ApprovalNotes.USER_CODE) == null) {
            return false;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        GuessLimiter limiter = new GuessLimiter(session.singleUseObjects(), Clock.systemUTC());
        String address = address(context);
        EventBuilder event = context.newEvent().event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE).user(context.getUser());
        if (checkBudget && limiter.blocked(realm.getId(), address)) {
            event.detail(Details.REASON, "too_many_wrong_codes").error(Errors.INVALID_OAUTH2_USER_CODE);
            finish(context, ApprovalPages.OUTCOME_TOO_MANY_CODES);
            return true;
        }
        String refused = authSession.getClientNote(ApprovalNotes.CODE_REFUSED);
        if (refused == null) {
            return false;
        }
        limiter.failed(realm.getId(), address);
        event.detail(Details.REASON, refused).detail("told", "signed_in").error(Errors.INVALID_OAUTH2_USER_CODE);
        // The sign-in completes (the person keeps their session for the next code); the protocol shows the code entry.
        finish(context, ApprovalPages.OUTCOME_INVALID_CODE);
        return true;
    }

    /** Ends the step: the flow completes and {@link ApprovalProtocol} shows the result page for {@code outcome}. */
    private static void finish(AuthenticationFlowContext context, String outcome) {
        context.getAuthenticationSession().setAuthNote(ApprovalNotes.OUTCOME, outcome);
        context.success();
    }

    private static Optional<TaskGrant> pendingGrant(AuthenticationFlowContext context) {
        String grantId = context.getAuthenticationSession().getClientNote(ApprovalNotes.GRANT_ID);
        if (grantId == null) {
            return Optional.empty();
        }
        return GrantStore.of(context.getSession()).find(context.getRealm().getId(), grantId)
                .filter(grant -> grant.status() == GrantStatus.PENDING);
    }

    private static boolean addressedToUser(AuthenticationFlowContext context, TaskGrant grant) {
        UserModel user = context.getUser();
        return LoginHint.matches(grant.request().loginHint().orElse(null), user.getUsername(), user.getEmail(), user.isEmailVerified());
    }

    private static void wrongUser(AuthenticationFlowContext context, TaskGrant grant) {
        event(context, grant).detail(Details.REASON, "wrong_user").error(Errors.NOT_ALLOWED);
        String csrf = CsrfTokens.generate();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(ApprovalNotes.CSRF, csrf);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("signedInAs", DisplayText.neutralise(context.getUser().getUsername()));
        page.put("switchUrl", ApprovalPages.switchAccountUrl(context.getSession(), context.getRealm()) + "?tab_id="
                + authSession.getTabId());
        page.put("csrf", csrf);
        context.challenge(context.form().setAttribute("agentGrantWrongUser", page)
                .setStatus(Response.Status.FORBIDDEN).createForm(ApprovalPages.WRONG_USER_TEMPLATE));
    }

    private static Response consentPage(AuthenticationFlowContext context, TaskGrant grant, String csrf, String errorKey) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        Locale locale = ApprovalPages.locale(session, user);
        Set<String> available = PersonScopes.available(realm, user, grant.request().task().scopes());
        Map<String, Object> page = new LinkedHashMap<>();
        ClientModel agent = realm.getClientById(grant.agent().id());
        page.put("agentName", ApprovalPages.agentName(realm, grant));
        page.put("agentClientId", DisplayText.neutralise(grant.agent().clientId()));
        page.put("owners", owners(agent));
        List<Map<String, String>> facts = new ArrayList<>();
        new TreeSet<>(grant.evidence().facts().keySet()).forEach(name -> facts.add(Map.of("name", DisplayText.neutralise(name),
                "value", DisplayText.neutralise(grant.evidence().facts().get(name)))));
        page.put("facts", facts);
        page.put("requestedAt", ApprovalPages.format(grant.request().at(), locale));
        grant.request().address().ifPresent(address -> page.put("requestAddress", DisplayText.neutralise(address)));
        String userCode = context.getAuthenticationSession().getClientNote(ApprovalNotes.USER_CODE);
        page.put("userCode", userCode == null ? "" : userCode);
        page.put("purpose", DisplayText.neutralise(grant.request().task().purpose()));
        ClientModel audience = realm.getClientByClientId(grant.request().task().audience());
        page.put("audienceName", DisplayText.neutralise(ApprovalPages.displayName(audience, grant.request().task().audience())));
        page.put("audienceClientId", DisplayText.neutralise(grant.request().task().audience()));
        Properties messages = messages(session, locale);
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (String name : grant.request().task().scopes()) {
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("name", DisplayText.neutralise(name));
            consentText(realm, name, messages).ifPresent(text -> scope.put("consentText", DisplayText.neutralise(text)));
            scope.put("available", available.contains(name));
            scope.put("checked", available.contains(name));
            scopes.add(scope);
        }
        page.put("scopes", scopes);
        List<Map<String, Object>> lifetimes = new ArrayList<>();
        for (LifetimeOption option : LifetimeOption.forRequested(grant.request().lifetime())) {
            lifetimes.add(Map.of("seconds", option.seconds(), "amount", option.amount(), "unit", option.unit(),
                    "selected", option.selected()));
        }
        page.put("lifetimes", lifetimes);
        page.put("maxUses", grant.usage().maxUses());
        page.put("signedInAs", DisplayText.neutralise(user.getUsername()));
        page.put("csrf", csrf);
        page.put("actionUrl", context.getActionUrl(context.generateAccessCode()).toString());
        var form = context.form().setAttribute("agentGrant", page);
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
            return AgentProfile.read(agent.getAttributes()).owners().stream().map(DisplayText::neutralise).toList();
        } catch (AgentProfileProblems problems) {
            return List.of();
        }
    }

    /** A scope's consent text; a {@code ${key}} reference is looked up in the login theme's messages. */
    private static Optional<String> consentText(RealmModel realm, String name, Properties messages) {
        return clientScope(realm, name).map(ClientScopeModel::getConsentScreenText).filter(t -> !t.isBlank()).map(text -> {
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
        return realm.getClientScopesStream().filter(scope -> name.equals(scope.getName())).findFirst();
    }

    /** How the person authenticated for this approval: when, at which level, with which credential types. */
    record AuthenticationContext(Instant authTime, String acr, String methods) {
    }

    private static AuthenticationContext authenticationContext(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<String> methods = new TreeSet<>();
        authSession.getExecutionStatus().forEach((executionId, status) -> {
            if (status == AuthenticationSessionModel.ExecutionStatus.SUCCESS) {
                AuthenticationExecutionModel execution = context.getRealm().getAuthenticationExecutionById(executionId);
                if (execution != null && execution.getAuthenticator() != null) {
                    var factory = context.getSession().getKeycloakSessionFactory()
                            .getProviderFactory(Authenticator.class, execution.getAuthenticator());
                    if (factory instanceof AuthenticatorFactory authenticator && authenticator.getReferenceCategory() != null) {
                        methods.add(authenticator.getReferenceCategory());
                    }
                }
            }
        });
        if (AuthenticatorUtil.isSSOAuthentication(authSession)) {
            // Signed in earlier (SSO cookie): Keycloak's own convention is acr "0"; the time is that sign-in's.
            methods.add("sso");
            UserSessionModel userSession = new AuthenticationSessionManager(context.getSession()).getUserSession(authSession);
            String authTime = userSession == null ? null : userSession.getNote(AuthenticationManager.AUTH_TIME);
            Instant at = authTime == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(authTime));
            return new AuthenticationContext(at, "0", String.join(" ", methods));
        }
        return new AuthenticationContext(Instant.now(), "1", String.join(" ", methods));
    }

    private static EventBuilder event(AuthenticationFlowContext context, TaskGrant grant) {
        return new EventBuilder(context.getRealm(), context.getSession(), context.getConnection())
                .event(EventType.GRANT_CONSENT)
                .client(grant.agent().clientId())
                .user(context.getUser())
                .detail("grant_id", grant.id());
    }

    private static String address(AuthenticationFlowContext context) {
        return context.getConnection().getRemoteAddr();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }

}
