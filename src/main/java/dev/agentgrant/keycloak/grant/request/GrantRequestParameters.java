package dev.agentgrant.keycloak.grant.request;

import dev.agentgrant.keycloak.support.ColumnLimits;
import java.util.Map;
import java.util.Set;

/**
 * The form parameters of {@code POST /realms/{realm}/agent-grant/requests} (docs/wire-contract.md, "Request a grant")
 * and their length caps.
 */
public final class GrantRequestParameters {

    public static final String AUDIENCE = "audience";
    public static final String SCOPE = "scope";
    public static final String PURPOSE = "purpose";
    public static final String REQUESTED_LIFETIME = "requested_lifetime";
    public static final String MAX_USES = "max_uses";
    public static final String LOGIN_HINT = "login_hint";
    public static final String AUTHORIZATION_DETAILS = "authorization_details";
    public static final String ACTOR_TOKEN = "actor_token";
    public static final String ACTOR_TOKEN_TYPE = "actor_token_type";

    /** Client authentication (RFC 6749 §2.3.1, RFC 7523 §2.2), which Keycloak's client authenticators handle. */
    public static final Set<String> CLIENT_AUTHENTICATION =
            Set.of("client_id", "client_secret", "client_assertion", "client_assertion_type");

    /** Every parameter a request may carry; any other is refused, never silently ignored. */
    public static final Set<String> ALL = Set.of(
            AUDIENCE,
            SCOPE,
            PURPOSE,
            REQUESTED_LIFETIME,
            MAX_USES,
            LOGIN_HINT,
            AUTHORIZATION_DETAILS,
            ACTOR_TOKEN,
            ACTOR_TOKEN_TYPE,
            "client_id",
            "client_secret",
            "client_assertion",
            "client_assertion_type");

    /** Cap of a parameter that has none of its own: Keycloak's own cap on non-token request parameters. */
    public static final int DEFAULT_MAX_LENGTH = 4_000;

    /** Cap of the attestation presentation and a client assertion: Keycloak's cap on token parameters. */
    public static final int MAX_TOKEN_LENGTH = 20_000;

    /** Cap of {@code authorization_details}, in UTF-8 bytes. */
    public static final int MAX_AUTHORIZATION_DETAILS_BYTES = 8_192;

    /** Most characters (code points) of a purpose, as the human will read it. */
    public static final int MAX_PURPOSE_LENGTH = 300;

    /**
     * Most characters of a login hint, counted in UTF-16 code units (U+1F600 counts two), what the column and Keycloak's
     * own username and email columns hold on every database ({@link ColumnLimits}).
     */
    public static final int MAX_LOGIN_HINT_LENGTH = ColumnLimits.LOGIN_HINT;

    private static final Map<String, Integer> CAPS = Map.of(
            ACTOR_TOKEN,
            MAX_TOKEN_LENGTH,
            "client_assertion",
            MAX_TOKEN_LENGTH,
            AUTHORIZATION_DETAILS,
            MAX_AUTHORIZATION_DETAILS_BYTES);

    private GrantRequestParameters() {}

    /** The most characters a parameter's value may have before it is even parsed. */
    public static int maxLength(String parameter) {
        return CAPS.getOrDefault(parameter, DEFAULT_MAX_LENGTH);
    }
}
