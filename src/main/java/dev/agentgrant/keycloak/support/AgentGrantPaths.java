package dev.agentgrant.keycloak.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * Every path segment of the extension's REST roots and pages, and the absolute URLs built from them (README.md,
 * "Realm endpoints"). {@code @Path} annotations and URL builders use these constants, so a path is spelt once.
 *
 * <p>The realm root is {@code /realms/{realm}/agent-grant}, the admin root {@code /admin/realms/{realm}/agent-grant}:
 * Keycloak takes the id of a realm (or admin realm) resource provider as the path segment after the realm.
 */
public final class AgentGrantPaths {

    /** The id of the realm and the admin resource providers, hence the path segment after the realm. */
    public static final String ROOT = "agent-grant";

    /** Realm root: an agent requests a task grant (docs/wire-contract.md, "Request a grant"). */
    public static final String REQUESTS = "requests";
    /**
     * Realm root: an agent's own grants (docs/wire-contract.md, "Agent's own grants"). Admin root: the realm's grants
     * (docs/wire-contract.md, "Admin REST — grants").
     */
    public static final String GRANTS = "grants";
    /** Realm root: a person enters or follows a user code (docs/wire-contract.md, "Human approval"). */
    public static final String VERIFY = "verify";
    /** Realm root: a person's own requests and grants (docs/wire-contract.md, "Revocation and introspection"). */
    public static final String MY_GRANTS = "my-grants";

    /** Below {@link #VERIFY}: sign in with another account and start the same approval again. */
    public static final String SWITCH_ACCOUNT = "switch";
    /**
     * Below one grant of {@link #MY_GRANTS} and of {@link #GRANTS} (both roots): end it. Right below the admin
     * root's {@link #GRANTS}: end every grant that matches (docs/wire-contract.md, "Admin REST — grants").
     */
    public static final String REVOKE = "revoke";
    /** Below one request of {@link #MY_GRANTS}: review and decide it. */
    public static final String REVIEW = "review";

    /** Admin root: provenance registered ahead of time (docs/attestation.md, "Registered provenance"). */
    public static final String PROVENANCE = "provenance";
    /** Admin root: dry-runs of presentations (docs/attestation.md, "Explain: why was this presentation refused?"). */
    public static final String ATTESTATION = "attestation";
    /** Admin root: agent clients, their profiles, suspension (README.md, "Agent administration"). */
    public static final String AGENTS = "agents";
    /** Admin root: the size and retention of the realm's audit trail (README.md, "Approvals"). */
    public static final String AUDIT = "audit";
    /** Admin root: whether approvals can start in the realm, and the repair (README.md, "Approvals"). */
    public static final String APPROVAL_SETUP = "approval-setup";
    /** Below one agent of {@link #AGENTS}: stop it from getting new grants and tokens. */
    public static final String SUSPEND = "suspend";
    /** Below one agent of {@link #AGENTS}: lift its suspension. */
    public static final String RESUME = "resume";
    /** Below one agent of {@link #AGENTS}: its profile, whose removal makes the client no agent. */
    public static final String PROFILE = "profile";
    /** Below {@link #ATTESTATION}: the realm's attestation sources and the state of their trust material. */
    public static final String SOURCES = "sources";
    /**
     * Admin root: one person's grants, to export or erase (README.md, "Grant administration"), at
     * {@code users/{userId}/}{@link #GRANTS}.
     */
    public static final String USERS = "users";

    /** Admin root: the outbox of the revocation push, its dead letters and their retry (README.md, "Revocation push"). */
    public static final String SIGNALS = "signals";
    /** Below one SET of {@link #SIGNALS}: send a dead-lettered SET again. */
    public static final String RETRY = "retry";

    /** Realm root: the admins' console (docs/console.md). */
    public static final String CONSOLE = "console";
    /** Admin root: whether the console's client is there, and its repair. */
    public static final String CONSOLE_SETUP = "console-setup";
    /** Admin root: what the calling admin may do, for the console to show only what works. */
    public static final String CONSOLE_ACCESS = "console-access";

    private AgentGrantPaths() {}

    /**
     * The realm's issuer as this request sees it (it follows the hostname the request came through): exactly the
     * {@code issuer} of the realm's OIDC discovery and tokens.
     */
    public static String realmIssuer(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }

    /** {@code {issuer}/agent-grant}: the realm root under a realm issuer. */
    public static String realmRoot(String issuer) {
        return issuer + "/" + ROOT;
    }

    /** {@code {issuer}/agent-grant/{segment}}: an endpoint or page of the realm root. */
    public static String realmEndpoint(String issuer, String segment) {
        return realmRoot(issuer) + "/" + segment;
    }

    /** An endpoint or page of the realm root, under the realm's issuer as this request sees it. */
    public static String realmEndpoint(KeycloakSession session, RealmModel realm, String segment) {
        return realmEndpoint(realmIssuer(session, realm), segment);
    }

    /**
     * RFC 8628 §3.3.1 {@code verification_uri_complete}: the verification page with the user code, so following the
     * link skips typing it.
     */
    public static String verificationUriComplete(String verificationUri, String userCode) {
        return verificationUri + "?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8);
    }

    /** {@code /admin/realms/{realm}/agent-grant/{segment}}: an admin endpoint, relative to the server, for messages. */
    public static String adminPath(String realmName, String segment) {
        return "/admin/realms/" + realmName + "/" + ROOT + "/" + segment;
    }
}
