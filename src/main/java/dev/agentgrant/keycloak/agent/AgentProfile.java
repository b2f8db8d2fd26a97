package dev.agentgrant.keycloak.agent;

import dev.agentgrant.keycloak.agent.AgentProfileOptions.Kind;
import dev.agentgrant.keycloak.agent.AgentProfileOptions.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.agentgrant.keycloak.agent.AgentProfileOptions.*;

/**
 * An agent client's profile: its {@code agent-grant.*} client attributes, validated and typed, with the defaults of
 * {@link AgentProfileOptions}. A profile only comes from {@link #read(Map)}, so holding one means every limit below
 * holds: ceilings name no forbidden scope or built-in client, numbers are in range.
 */
public final class AgentProfile {

    /** A decimal number as an admin writes it: no sign, no leading zeros, no blanks; 18 digits always fit a long. */
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,17}");
    private static final Pattern BLANKS = Pattern.compile("[ \\t\\r\\n]+");
    private static final int MAX_SHOWN = 40;

    private final boolean enabled;
    private final boolean suspended;
    private final Set<String> allowedAudiences;
    private final Set<String> allowedScopes;
    private final Duration maxGrantLifetime;
    private final Duration approvalTimeout;
    private final Set<String> owners;
    private final int maxPendingRequests;
    private final int maxPendingRequestsPerUser;
    private final boolean requireLoginHint;
    private final Duration maxAuthAge;
    private final Optional<String> attestationPolicy;
    private final int maxUses;
    private final boolean dpopNonceRequired;

    private AgentProfile(Reader reader) {
        enabled = reader.flag(ENABLED);
        suspended = reader.flag(SUSPENDED);
        allowedAudiences = reader.names(ALLOWED_AUDIENCES);
        allowedScopes = reader.names(ALLOWED_SCOPES);
        maxGrantLifetime = Duration.ofSeconds(reader.number(MAX_GRANT_LIFETIME));
        approvalTimeout = Duration.ofSeconds(reader.number(APPROVAL_TIMEOUT));
        owners = reader.names(OWNERS);
        maxPendingRequests = (int) reader.number(MAX_PENDING_REQUESTS);
        maxPendingRequestsPerUser = (int) reader.number(MAX_PENDING_REQUESTS_PER_USER);
        requireLoginHint = reader.flag(REQUIRE_LOGIN_HINT);
        maxAuthAge = Duration.ofSeconds(reader.number(MAX_AUTH_AGE));
        attestationPolicy = reader.text(ATTESTATION_POLICY);
        maxUses = (int) reader.number(MAX_USES);
        dpopNonceRequired = reader.flag(DPOP_NONCE_REQUIRED);
    }

    /**
     * Reads a client's attributes. Attributes outside the {@code agent-grant.} namespace are ignored; inside it,
     * every attribute must be a declared option or one another part of the extension owns.
     *
     * @param attributes the client's attributes ({@code ClientModel.getAttributes()}); {@code null} reads as none
     * @throws AgentProfileProblems with every problem found, when the attributes are not a usable profile
     */
    public static AgentProfile read(Map<String, String> attributes) throws AgentProfileProblems {
        Map<String, String> present = attributes == null ? Map.of() : attributes;
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String name : present.keySet()) {
            if (name != null && inNamespace(name) && byName(name).isEmpty() && !OWNED_ELSEWHERE.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : unknown) {
            problems.add("unknown attribute " + shown(name) + " (the agent-grant. attributes are listed in the README)");
        }
        AgentProfile profile = new AgentProfile(new Reader(present, problems));
        if (!problems.isEmpty()) {
            throw new AgentProfileProblems(problems);
        }
        return profile;
    }

    /** Whether the client is an agent at all ({@code agent-grant.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Whether an admin suspended the agent: no new requests, no new tokens. */
    public boolean suspended() {
        return suspended;
    }

    /** An agent that is enabled and not suspended. */
    public boolean active() {
        return enabled && !suspended;
    }

    /** The client_ids a grant may name as audience, in the order the admin wrote them. */
    public Set<String> allowedAudiences() {
        return allowedAudiences;
    }

    /** The agent's scope ceiling, in the order the admin wrote it. */
    public Set<String> allowedScopes() {
        return allowedScopes;
    }

    public boolean allowsAudience(String clientId) {
        return clientId != null && allowedAudiences.contains(clientId);
    }

    public boolean allowsScope(String scope) {
        return scope != null && allowedScopes.contains(scope);
    }

    /** Longest validity of a grant after approval; the lifetime of a request that names none. */
    public Duration maxGrantLifetime() {
        return maxGrantLifetime;
    }

    /** How long a request waits for a decision. */
    public Duration approvalTimeout() {
        return approvalTimeout;
    }

    /** Usernames of the people responsible for the agent. */
    public Set<String> owners() {
        return owners;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public int maxPendingRequestsPerUser() {
        return maxPendingRequestsPerUser;
    }

    public boolean requireLoginHint() {
        return requireLoginHint;
    }

    /** How old the approving human's authentication may be; {@link Duration#ZERO} means always re-authenticate. */
    public Duration maxAuthAge() {
        return maxAuthAge;
    }

    /** The attestation policy JSON or realm policy name, trimmed; empty when the agent has none. */
    public Optional<String> attestationPolicy() {
        return attestationPolicy;
    }

    /** Most tokens one grant may mint; the default of a request that names no {@code max_uses}. */
    public int maxUses() {
        return maxUses;
    }

    /** Whether every DPoP proof at the token exchange must carry a fresh server-issued nonce (RFC 9449 §8). */
    public boolean dpopNonceRequired() {
        return dpopNonceRequired;
    }

    @Override
    public String toString() {
        return "AgentProfile[enabled=" + enabled + ", suspended=" + suspended + ", audiences=" + allowedAudiences
                + ", scopes=" + allowedScopes + ", maxGrantLifetime=" + maxGrantLifetime + ", maxUses=" + maxUses + "]";
    }

    /** Reads each option once, adding a problem and answering the default when a value is unusable. */
    private static final class Reader {

        private final Map<String, String> attributes;
        private final List<String> problems;

        Reader(Map<String, String> attributes, List<String> problems) {
            this.attributes = attributes;
            this.problems = problems;
        }

        /** Absent and empty both mean "use the default" (the admin console saves a cleared field as ""). */
        private Optional<String> value(Option option) {
            String value = attributes.get(option.name());
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        boolean flag(Option option) {
            String value = value(option).orElse(option.defaultValue());
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(option.name() + " must be exactly true or false, not " + shown(value));
            return Boolean.parseBoolean(option.defaultValue());
        }

        long number(Option option) {
            String value = value(option).orElse(option.defaultValue());
            String unit = option.kind() == Kind.SECONDS ? " seconds" : "";
            if (DECIMAL.matcher(value).matches()) {
                long number = Long.parseLong(value);
                if (number >= option.min() && number <= option.max()) {
                    return number;
                }
            }
            problems.add(option.name() + " must be a whole number from " + option.min() + " to " + option.max() + unit
                    + ", not " + shown(value));
            return Long.parseLong(option.defaultValue());
        }

        Optional<String> text(Option option) {
            return value(option).map(String::trim).filter(value -> !value.isEmpty());
        }

        Set<String> names(Option option) {
            String value = value(option).orElse(option.defaultValue()).trim();
            Set<String> names = new LinkedHashSet<>();
            if (value.isEmpty()) {
                return Set.of();
            }
            String[] parts = BLANKS.split(value);
            if (parts.length > option.max()) {
                problems.add(option.name() + " holds " + parts.length + " names, at most " + option.max() + " are allowed");
                return Set.of();
            }
            boolean valid = true;
            for (String name : parts) {
                String problem = problemOf(option.kind(), name);
                if (problem == null && !names.add(name)) {
                    problem = "is listed twice";
                }
                if (problem != null) {
                    problems.add(option.name() + ": " + shown(name) + " " + problem);
                    valid = false;
                }
            }
            return valid ? Collections.unmodifiableSet(names) : Set.of();
        }

        private static String problemOf(Kind kind, String name) {
            switch (kind) {
                case SCOPES:
                    if (!ScopeToken.isValid(name)) {
                        return "is not a scope name (RFC 6749 §3.3: printable ASCII without space, '\"' or '\\', at most "
                                + ScopeToken.MAX_LENGTH + " characters)";
                    }
                    // Case-insensitive: a store with case-insensitive collation could resolve "OpenID" to openid.
                    return FORBIDDEN_SCOPES.contains(name.toLowerCase(Locale.ROOT)) ? "may never be in an agent's ceiling" : null;
                case CLIENT_IDS:
                    if (!ScopeToken.isValid(name)) {
                        return "is not a client_id an agent may name (printable ASCII without space, '\"' or '\\', at most "
                                + ScopeToken.MAX_LENGTH + " characters)";
                    }
                    return FORBIDDEN_AUDIENCES.contains(name.toLowerCase(Locale.ROOT))
                            ? "is a built-in Keycloak client and may never be an agent's audience" : null;
                case USERNAMES:
                    return isUsername(name) ? null : "is not a username (at most 255 visible characters, no blanks)";
                default:
                    throw new IllegalStateException("not a list option: " + kind);
            }
        }

        private static boolean isUsername(String name) {
            return name.length() <= 255 && name.codePoints().allMatch(AgentProfile::isVisible);
        }
    }

    /** A code point that shows as itself: not blank, not a control, format, separator, surrogate or unassigned one. */
    private static boolean isVisible(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** An admin-supplied value as it may appear in a problem: quoted, shortened, with invisible characters replaced. */
    static String shown(String value) {
        Objects.requireNonNull(value);
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(MAX_SHOWN).forEach(c -> {
            if (isVisible(c) || c == ' ') {
                shown.appendCodePoint(c);
            } else {
                shown.append(String.format("\\u%04X", c));
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_SHOWN) {
            shown.append("…");
        }
        return shown.append('\'').toString();
    }
}
