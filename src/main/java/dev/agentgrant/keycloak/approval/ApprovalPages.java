package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.HumanText;
import dev.agentgrant.keycloak.support.OutageGuard;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The extension's pages, rendered with {@link LoginFormsProvider} in the realm's login theme (templates under
 * {@code themes/templates}), so an organisation's login theme styles them and Keycloak adds its browser security
 * headers ({@code X-Frame-Options}, CSP {@code frame-ancestors}) as on every login page.
 */
final class ApprovalPages {

    static final String OUTCOME_APPROVED = "approved";
    static final String OUTCOME_DENIED = "denied";
    static final String OUTCOME_GONE = "gone";
    static final String OUTCOME_ERROR = "error";
    /** The code the person entered names no pending request; told once they have signed in. */
    static final String OUTCOME_INVALID_CODE = "invalid_code";
    /** A guessing budget is spent; told once the person has signed in. */
    static final String OUTCOME_TOO_MANY_CODES = "too_many_codes";
    /** Approvals cannot start in this realm: its approval client or flow is missing ({@link ApprovalRealmSetup}). */
    static final String OUTCOME_UNAVAILABLE = "unavailable";
    /** The database could not be reached: nothing changed, try again in a few minutes. */
    static final String OUTCOME_TRY_LATER = "try_later";

    static final String VERIFY_TEMPLATE = "agent-grant-verify.ftl";
    static final String CONSENT_TEMPLATE = "agent-grant-consent.ftl";
    static final String RESULT_TEMPLATE = "agent-grant-result.ftl";
    static final String WRONG_USER_TEMPLATE = "agent-grant-wrong-user.ftl";

    private ApprovalPages() {}

    static String verifyUrl(KeycloakSession session, RealmModel realm) {
        return AgentGrantPaths.realmEndpoint(session, realm, AgentGrantPaths.VERIFY);
    }

    /** "Sign in with another account" below the verification page ({@link VerifyEndpoint#switchAccount}). */
    static String switchAccountUrl(KeycloakSession session, RealmModel realm) {
        return verifyUrl(session, realm) + "/" + AgentGrantPaths.SWITCH_ACCOUNT;
    }

    static String myGrantsUrl(KeycloakSession session, RealmModel realm) {
        return AgentGrantPaths.realmEndpoint(session, realm, AgentGrantPaths.MY_GRANTS);
    }

    /** The user-code entry page, with an optional error message key. */
    static Response verify(
            KeycloakSession session, RealmModel realm, String userCode, String errorKey, Response.Status status) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("actionUrl", verifyUrl(session, realm));
        if (userCode != null) {
            page.put("userCode", userCode);
        }
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class).setAttribute("agentGrantVerify", page);
        if (errorKey != null) {
            forms.setError(errorKey);
        }
        return forms.setStatus(status).createForm(VERIFY_TEMPLATE);
    }

    static Response result(KeycloakSession session, RealmModel realm, String outcome, Optional<TaskGrant> grant) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("outcome", outcome);
        page.put("myGrantsUrl", myGrantsUrl(session, realm));
        grant.ifPresent(g -> {
            page.put("agentName", agentName(realm, g));
            if (OUTCOME_APPROVED.equals(outcome) && g.status() == GrantStatus.APPROVED) {
                Locale locale = session.getContext().resolveLocale(null);
                ScopeTexts texts = ScopeTexts.of(session, realm, locale);
                page.put(
                        "scopes",
                        g.effectiveScopes().stream().map(texts::describe).toList());
                page.put("delegates", delegateNames(realm, g));
                g.expiresAt().ifPresent(at -> {
                    page.put("expiresAt", HumanText.dateTime(at, locale));
                    page.put("expiresAtIso", iso(at));
                });
            }
        });
        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("agentGrantResult", page)
                .createForm(RESULT_TEMPLATE);
    }

    /** The page for a realm whose approval setup is incomplete: nothing to do for the person but tell an admin. */
    static Response unavailable(KeycloakSession session, RealmModel realm) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("outcome", OUTCOME_UNAVAILABLE);
        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("agentGrantResult", page)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE)
                .createForm(RESULT_TEMPLATE);
    }

    /**
     * {@code work}, or the "try again in a few minutes" page (503 with {@code Retry-After}, RFC 9110 §15.6.4) when it
     * failed because the database cannot be reached ({@link OutageGuard}); nothing of it was written.
     */
    static Response guarded(KeycloakSession session, String what, Supplier<Response> work) {
        return OutageGuard.run(session, what, work, () -> tryLater(session));
    }

    private static Response tryLater(KeycloakSession session) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("outcome", OUTCOME_TRY_LATER);
        Response rendered = session.getProvider(LoginFormsProvider.class)
                .setAttribute("agentGrantResult", page)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE)
                .createForm(RESULT_TEMPLATE);
        return Response.fromResponse(rendered)
                .header(HttpHeaders.RETRY_AFTER, OutageGuard.RETRY_AFTER_SECONDS)
                .build();
    }

    /** The agent's display name: its client name when set (and not a ${…} message key), else its client_id. */
    static String agentName(RealmModel realm, TaskGrant grant) {
        ClientModel agent = realm.getClientById(grant.agent().id());
        return DisplayText.neutralise(displayName(agent, grant.agent().clientId()));
    }

    /**
     * The sub-agents the person let the agent hand the task to, by display name as {@link #agentName}; a client that
     * was deleted since shows its client_id. Empty before approval and when the person allowed none.
     */
    static List<String> delegateNames(RealmModel realm, TaskGrant grant) {
        return grant.decision().approval().map(TaskGrant.Approval::delegates).orElse(Set.of()).stream()
                .map(clientId -> DisplayText.neutralise(displayName(realm.getClientByClientId(clientId), clientId)))
                .toList();
    }

    static String displayName(ClientModel client, String fallback) {
        if (client == null) {
            return fallback;
        }
        return HumanText.clientName(client.getName(), client.getClientId());
    }

    /**
     * An instant as the {@code datetime} of a {@code <time>} element (ISO 8601 in UTC), which the pages' script shows
     * in the browser's time zone.
     */
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static Locale locale(KeycloakSession session, UserModel user) {
        return session.getContext().resolveLocale(user);
    }
}
