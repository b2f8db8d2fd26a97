package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.Approval;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

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
        context.challenge(ConsentPage.render(context, grant.get(), csrf, null));
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
        Set<String> available = PersonScopes.available(
                context.getRealm(), user, grant.request().task().scopes());
        ApprovalDecision.Outcome outcome;
        try {
            outcome = ApprovalDecision.read(
                    form,
                    context.getAuthenticationSession().getAuthNote(ApprovalNotes.CSRF),
                    grant.request().task().scopes(),
                    available,
                    LifetimeOption.forRequested(grant.request().lifetime()),
                    ConsentPage.offeredDelegates(context.getRealm(), grant));
        } catch (ApprovalDecision.Refused refused) {
            // A tampered or stale form changes nothing; the person sees the page again with a fresh token.
            AuditTrail.of(context.getSession())
                    .record(
                            AuditTrail.Subject.of(grant),
                            "consent_refused",
                            AuditTrail.Outcome.REFUSED,
                            person(context),
                            Map.of(Details.REASON, refused.reason()));
            event.detail(Details.REASON, refused.reason()).error(Errors.INVALID_REQUEST);
            String csrf = CsrfTokens.generate();
            context.getAuthenticationSession().setAuthNote(ApprovalNotes.CSRF, csrf);
            context.challenge(ConsentPage.render(context, grant, csrf, ERROR_FORM));
            return;
        }
        context.getAuthenticationSession().removeAuthNote(ApprovalNotes.CSRF);
        GrantTransitions transitions = GrantTransitions.of(context.getSession());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("grant_id", grant.id());
        details.put("agent", grant.agent().clientId());
        boolean decided;
        if (outcome instanceof ApprovalDecision.Approve approve) {
            ApprovalAuthentication how = ApprovalAuthentication.of(context);
            details.put(Details.SCOPE, String.join(" ", approve.scopes()));
            details.put("lifetime", Long.toString(approve.lifetime().getSeconds()));
            if (!approve.delegates().isEmpty()) {
                details.put("delegates", String.join(" ", approve.delegates()));
            }
            details.put("acr", how.acr());
            details.put("auth_methods", how.methods());
            decided = transitions.approve(
                    grant,
                    new Approval(
                            user.getId(),
                            approve.scopes(),
                            approve.lifetime(),
                            how.authTime(),
                            Optional.of(how.acr()),
                            Optional.of(how.methods()),
                            approve.delegates()),
                    GrantTransitions.Change.by(person(context), details)
                            .reportedTo(event.clone().detail("decision", "approved")));
        } else {
            decided = transitions.deny(
                    AuditTrail.Subject.of(grant),
                    "denied_by_user",
                    GrantTransitions.Change.by(person(context), details)
                            .reportedTo(event.clone().detail("decision", "denied")));
        }
        if (!decided) {
            event.detail(Details.REASON, "no_longer_pending").error(Errors.INVALID_REQUEST);
            finish(context, ApprovalPages.OUTCOME_GONE);
            return;
        }
        finish(
                context,
                outcome instanceof ApprovalDecision.Approve
                        ? ApprovalPages.OUTCOME_APPROVED
                        : ApprovalPages.OUTCOME_DENIED);
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
        EventBuilder event = context.newEvent()
                .event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE)
                .user(context.getUser());
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
        return GrantStore.of(context.getSession())
                .find(context.getRealm().getId(), grantId)
                .filter(grant -> grant.status() == GrantStatus.PENDING);
    }

    private static boolean addressedToUser(AuthenticationFlowContext context, TaskGrant grant) {
        UserModel user = context.getUser();
        return LoginHint.matches(
                grant.request().loginHint().orElse(null), user.getUsername(), user.getEmail(), user.isEmailVerified());
    }

    private static void wrongUser(AuthenticationFlowContext context, TaskGrant grant) {
        event(context, grant).detail(Details.REASON, "wrong_user").error(Errors.NOT_ALLOWED);
        String csrf = CsrfTokens.generate();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(ApprovalNotes.CSRF, csrf);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("signedInAs", DisplayText.neutralise(context.getUser().getUsername()));
        page.put(
                "switchUrl",
                ApprovalPages.switchAccountUrl(context.getSession(), context.getRealm()) + "?tab_id="
                        + authSession.getTabId());
        page.put("csrf", csrf);
        context.challenge(context.form()
                .setAttribute("agentGrantWrongUser", page)
                .setStatus(Response.Status.FORBIDDEN)
                .createForm(ApprovalPages.WRONG_USER_TEMPLATE));
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
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
