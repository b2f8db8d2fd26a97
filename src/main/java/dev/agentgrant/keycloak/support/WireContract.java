package dev.agentgrant.keycloak.support;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Names and limits of the extension's wire contract (docs/wire-contract.md). They are published in the
 * discovery document and enforced by the endpoints; change them only together with the contract.
 */
public final class WireContract {

    /** {@code subject_token_type} of a task grant in the token exchange (RFC 8693 §2.1 allows any URI). */
    public static final String TASK_GRANT_TOKEN_TYPE = "urn:agentgrant:token-type:task-grant";

    /** {@code actor_token_type} of an attestation presentation. */
    public static final String ATTESTATION_TOKEN_TYPE = "urn:agentgrant:token-type:attestation";

    /** JOSE {@code typ} of an attestation presentation (explicit typing, RFC 8725 §3.11). */
    public static final String ATTESTATION_PRESENTATION_TYP = "agent-attestation+jwt";

    /** A presentation's {@code exp} may lie at most this far after its {@code iat}. */
    public static final Duration PRESENTATION_MAX_LIFETIME = Duration.ofSeconds(60);

    /** The one clock-skew allowance applied to every time check. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(15);

    /**
     * How often an agent may poll a pending grant, as a grant request's answer announces it ({@code interval}, RFC
     * 8628 §3.2) and as the exchange paces polls of a pending grant (RFC 8628 §3.5).
     */
    public static final Duration POLLING_INTERVAL = Duration.ofSeconds(5);

    /** At most this many evidence items in one presentation, and at most one per attestation source. */
    public static final int MAX_EVIDENCE_ITEMS = 8;

    /**
     * Grammar of attestation source aliases (the {@code source} of an evidence item) and realm policy names:
     * 1–64 characters of lowercase letters, digits, '.', '-', '_', starting with a letter or digit.
     */
    public static final Pattern SOURCE_ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private WireContract() {}
}
