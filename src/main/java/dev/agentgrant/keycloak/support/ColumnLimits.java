package dev.agentgrant.keycloak.support;

/**
 * Sizes of the extension's text columns that hold what a client sent (db.changelog-0.1.0.xml; {@code ColumnLimitsTest}
 * keeps them equal to the changelog and the entities), and the one way to check a value against them. The grant
 * tables' limits serve grant requests, the provenance tables' the provenance registry of attestation, so they live
 * below both.
 *
 * <p>Databases count a {@code VARCHAR(n)} differently: H2 in UTF-16 code units (a character outside the Basic
 * Multilingual Plane, such as U+1F600, takes two), PostgreSQL and MariaDB with {@code utf8mb4} in code points. A value
 * whose {@link String#length()} — UTF-16 code units — is at most {@code n} fits on all three, so every value a client
 * controls is checked that way before anything is consumed or written; a value that does not fit would otherwise fail
 * the insert after the request's attestation presentation was already used.
 */
public final class ColumnLimits {

    /** {@code AGENT_GRANT_TASK_GRANT.PURPOSE}. */
    public static final int PURPOSE = 600;
    /** {@code AGENT_GRANT_TASK_GRANT.LOGIN_HINT}. */
    public static final int LOGIN_HINT = 255;
    /** {@code AGENT_GRANT_TASK_GRANT.AUDIENCE}. */
    public static final int AUDIENCE = 255;
    /** {@code AGENT_GRANT_TASK_GRANT.REQUESTED_SCOPE} and {@code APPROVED_SCOPE}. */
    public static final int SCOPE = 4000;
    /** {@code AGENT_GRANT_AUDIT.DETAILS}. */
    public static final int AUDIT_DETAILS = 4000;
    /** {@code AGENT_GRANT_TASK_GRANT.ENDED_BY}. */
    public static final int ENDED_BY = 255;
    /** {@code AGENT_GRANT_TASK_GRANT.ATTESTATION_JTI}. */
    public static final int ATTESTATION_JTI = 255;
    /** {@code AGENT_GRANT_PROVENANCE.PREDICATE_TYPE}. */
    public static final int PREDICATE_TYPE = 255;
    /** {@code AGENT_GRANT_PROV_SUBJECT.DIGEST}. */
    public static final int SUBJECT_DIGEST = 200;

    private ColumnLimits() {}

    /** Whether {@code value} fits a {@code VARCHAR(column)} on H2, PostgreSQL and MariaDB alike. */
    public static boolean fits(String value, int column) {
        return value.length() <= column;
    }
}
