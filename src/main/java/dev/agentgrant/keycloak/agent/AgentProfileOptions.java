package dev.agentgrant.keycloak.agent;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every client attribute of an agent profile, declared once: name, kind, default, limits and a one-line description.
 * {@link AgentProfile} reads the attributes through these declarations, and the README's option table is checked
 * against {@link #ALL}, so a default or a limit lives in exactly one place.
 *
 * <p>Keycloak client attributes are single strings. An attribute that is absent or empty takes its default (the
 * admin console stores a cleared field as an empty string).
 */
public final class AgentProfileOptions {

    /** The namespace of the extension's client attributes. */
    public static final String PREFIX = "agent-grant.";

    /** How an option's value is written. */
    public enum Kind {
        /** Exactly {@code true} or {@code false}. */
        BOOLEAN,
        /** A whole number of seconds, written in decimal without sign or leading zeros. */
        SECONDS,
        /** A whole number, written in decimal without sign or leading zeros. */
        COUNT,
        /** Space-separated client_ids. */
        CLIENT_IDS,
        /** Space-separated scope names (RFC 6749 §3.3 {@code scope-token}s). */
        SCOPES,
        /** Space-separated usernames. */
        USERNAMES,
        /** Free text whose meaning another part of the extension defines. */
        TEXT
    }

    /**
     * One client attribute.
     *
     * @param defaultValue the value an absent attribute stands for, written as an admin would write it; empty for
     *                     "no names" or "none"
     * @param min for numbers the smallest value; for name lists 0
     * @param max for numbers the largest value; for name lists the most names; 0 for booleans and text
     */
    public record Option(String name, Kind kind, String defaultValue, long min, long max, String description) {

        /** The limits as a README would state them; empty for booleans and text. */
        public String limits() {
            switch (kind) {
                case SECONDS:
                    return min + "–" + max + " seconds";
                case COUNT:
                    return min + "–" + max;
                case CLIENT_IDS:
                case SCOPES:
                case USERNAMES:
                    return "at most " + max + " names";
                default:
                    return "";
            }
        }
    }

    public static final Option ENABLED = flag(
            "enabled",
            false,
            "Marks the client as an agent; without it the client can use none of the agent-grant endpoints.");
    public static final Option SUSPENDED =
            flag("suspended", false, "Suspends the agent: no new grant requests and no new tokens until cleared.");
    public static final Option ALLOWED_AUDIENCES = names(
            "allowed-audiences",
            Kind.CLIENT_IDS,
            32,
            "Client_ids of the resource clients a grant may name as audience; never a built-in client such as account or realm-management.");
    public static final Option ALLOWED_SCOPES = names(
            "allowed-scopes",
            Kind.SCOPES,
            64,
            "Scope names a grant may request (the agent's ceiling); never openid or offline_access.");
    public static final Option MAX_GRANT_LIFETIME = number(
            "max-grant-lifetime",
            Kind.SECONDS,
            3_600,
            60,
            30L * 24 * 3_600,
            "Longest time a grant stays valid after approval; also the lifetime of a request that names none.");
    public static final Option APPROVAL_TIMEOUT = number(
            "approval-timeout",
            Kind.SECONDS,
            600,
            60,
            86_400,
            "How long a grant request waits for a human's decision before it expires.");
    public static final Option OWNERS = names(
            "owners",
            Kind.USERNAMES,
            32,
            "Usernames of the people responsible for the agent, shown on the consent page.");
    public static final Option MAX_PENDING_REQUESTS = number(
            "max-pending-requests",
            Kind.COUNT,
            20,
            1,
            1_000,
            "Most grant requests of this agent that may wait for approval at once.");
    public static final Option MAX_PENDING_REQUESTS_PER_USER = number(
            "max-pending-requests-per-user",
            Kind.COUNT,
            5,
            1,
            100,
            "Most grant requests of this agent that may wait for approval by one user at once.");
    public static final Option REQUIRE_LOGIN_HINT = flag(
            "require-login-hint",
            false,
            "Requires every grant request to name the human expected to approve it (login_hint).");
    public static final Option MAX_AUTH_AGE = number(
            "max-auth-age",
            Kind.SECONDS,
            300,
            0,
            86_400,
            "How old the approving human's authentication may be; older sessions re-authenticate (0: always).");
    public static final Option ATTESTATION_POLICY = new Option(
            PREFIX + "attestation-policy",
            Kind.TEXT,
            "",
            0,
            0,
            "The agent's attestation policy: policy JSON or the name of a realm policy; without one every request is refused.");
    public static final Option MAX_USES = number(
            "max-uses",
            Kind.COUNT,
            100,
            1,
            100_000,
            "Most tokens one grant may mint, and the default when a request names no max_uses.");
    public static final Option DPOP_NONCE_REQUIRED = flag(
            "dpop-nonce-required",
            false,
            "Requires the DPoP proof of every token exchange to carry a nonce the server issued shortly before (RFC 9449 §8).");

    public static final Option DELEGATES = names(
            "delegates",
            Kind.CLIENT_IDS,
            16,
            "Client_ids of the agents this agent may hand a task to (sub-agents); the consent page names them and the person may untick each.");
    public static final Option DELEGATION_DEPTH = number(
            "delegation-depth",
            Kind.COUNT,
            2,
            0,
            5,
            "Most hand-overs in a chain that starts at a grant of this agent (0: its tokens cannot be handed on).");

    /** Every option, in the order the README lists them. */
    public static final List<Option> ALL = List.of(
            ENABLED,
            SUSPENDED,
            ALLOWED_AUDIENCES,
            ALLOWED_SCOPES,
            MAX_GRANT_LIFETIME,
            APPROVAL_TIMEOUT,
            OWNERS,
            MAX_PENDING_REQUESTS,
            MAX_PENDING_REQUESTS_PER_USER,
            REQUIRE_LOGIN_HINT,
            MAX_AUTH_AGE,
            ATTESTATION_POLICY,
            MAX_USES,
            DPOP_NONCE_REQUIRED,
            DELEGATES,
            DELEGATION_DEPTH);

    /**
     * The SPIFFE ID registered for the agent, which attestation policies compare evidence with as
     * {@code agent.spiffe_id} (docs/attestation.md, "Policies"); read by {@link AgentClients#attestationIdentity}.
     */
    public static final String SPIFFE_ID = PREFIX + "spiffe-id";

    /**
     * Attributes in the namespace that other parts of the extension use and document; the profile neither reads nor
     * reports them.
     */
    public static final Set<String> OWNED_ELSEWHERE = Set.of(SPIFFE_ID);

    /** Scopes no ceiling may hold: an agent task never signs the human in nor outlives the grant. */
    public static final Set<String> FORBIDDEN_SCOPES = Set.of("openid", "offline_access");

    /**
     * Keycloak's built-in clients, which no ceiling may name as audience: reaching them would let a task act on the
     * human's account or administer the realm.
     */
    public static final Set<String> FORBIDDEN_AUDIENCES =
            Set.of("account", "realm-management", "admin-cli", "security-admin-console", "broker");

    private static final Map<String, Option> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Option::name, Function.identity()));

    private AgentProfileOptions() {}

    /** The declared option of that attribute name, if it is one. */
    public static Optional<Option> byName(String attribute) {
        return Optional.ofNullable(BY_NAME.get(attribute));
    }

    /**
     * Whether an attribute name lies in the extension's namespace. Compared without case so that
     * {@code Agent-Grant.enabled} is reported as a mistake rather than silently ignored.
     */
    static boolean inNamespace(String attribute) {
        return attribute.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    private static Option flag(String suffix, boolean defaultValue, String description) {
        return new Option(PREFIX + suffix, Kind.BOOLEAN, Boolean.toString(defaultValue), 0, 0, description);
    }

    private static Option number(String suffix, Kind kind, long defaultValue, long min, long max, String description) {
        return new Option(PREFIX + suffix, kind, Long.toString(defaultValue), min, max, description);
    }

    private static Option names(String suffix, Kind kind, int maxNames, String description) {
        return new Option(PREFIX + suffix, kind, "", 0, maxNames, description);
    }
}
