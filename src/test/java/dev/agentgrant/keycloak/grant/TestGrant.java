package dev.agentgrant.keycloak.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link TaskGrant} snapshots for unit tests: a pending request made at {@link #REQUESTED_AT} that each test
 * bends into the state it needs ({@link #approved}, {@link #ended}).
 */
public final class TestGrant {

    public static final Instant REQUESTED_AT = Instant.parse("2030-01-01T09:00:00Z");
    public static final Duration APPROVAL_WINDOW = Duration.ofMinutes(10);
    public static final String ID = "q3ZbqGmT0f2f5p7cSx7l6c0u2kxR0h1Jv9WkU6m0Jq4";
    public static final String USER_ID = "8f14e45f-ceea-467e-a0f2-cd8a3f3b1f0c";
    public static final String LOGIN_HINT = "dana@example.com";
    public static final String THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    private String id = ID;
    private GrantStatus status = GrantStatus.PENDING;
    private Optional<String> userId = Optional.empty();
    private Set<String> requestedScopes = Set.of("calendar.read");
    private Optional<Set<String>> approvedScopes = Optional.empty();
    private Set<String> approvedDelegates = Set.of();
    private int maxUses = 10;
    private int uses = 0;
    private Instant approvalExpiresAt = REQUESTED_AT.plus(APPROVAL_WINDOW);
    private Optional<Instant> decidedAt = Optional.empty();
    private Optional<Instant> expiresAt = Optional.empty();
    private Optional<Instant> endedAt = Optional.empty();
    private Optional<String> endedBy = Optional.empty();
    private Optional<String> endReason = Optional.empty();

    public static TestGrant pending() {
        return new TestGrant();
    }

    /** Approved by {@link #USER_ID} at {@code decidedAt} for {@code lifetime}, with {@code scopes}. */
    public TestGrant approved(Instant decidedAt, Duration lifetime, Set<String> scopes) {
        this.status = GrantStatus.APPROVED;
        this.userId = Optional.of(USER_ID);
        this.decidedAt = Optional.of(decidedAt);
        this.expiresAt = Optional.of(decidedAt.plus(lifetime));
        this.approvedScopes = Optional.of(scopes);
        return this;
    }

    /** Ended (denied, expired, revoked, exhausted) at {@code at}, as the store's transitions record it. */
    public TestGrant ended(GrantStatus ending, Instant at) {
        this.status = ending;
        this.endedAt = Optional.of(at);
        this.endedBy = Optional.of("system");
        this.endReason = Optional.of(ending.name().toLowerCase());
        if (ending == GrantStatus.DENIED) {
            this.userId = Optional.of(USER_ID);
            this.decidedAt = Optional.of(at);
        }
        return this;
    }

    public TestGrant id(String id) {
        this.id = id;
        return this;
    }

    public TestGrant status(GrantStatus status) {
        this.status = status;
        return this;
    }

    public TestGrant requestedScopes(Set<String> scopes) {
        this.requestedScopes = scopes;
        return this;
    }

    public TestGrant approvedScopes(Optional<Set<String>> scopes) {
        this.approvedScopes = scopes;
        return this;
    }

    /** The sub-agents the person let the agent hand the task to (with {@link #approved}). */
    public TestGrant approvedDelegates(Set<String> delegates) {
        this.approvedDelegates = delegates;
        return this;
    }

    public TestGrant uses(int uses, int maxUses) {
        this.uses = uses;
        this.maxUses = maxUses;
        return this;
    }

    public TestGrant approvalExpiresAt(Instant at) {
        this.approvalExpiresAt = at;
        return this;
    }

    public TestGrant expiresAt(Optional<Instant> at) {
        this.expiresAt = at;
        return this;
    }

    public TaskGrant build() {
        AgentTask task = new AgentTask(
                "calendar-api",
                "https://calendar.example.com",
                requestedScopes,
                "Move tomorrow's 9:00 meeting with Dana to Friday");
        TaskGrant.Request request = new TaskGrant.Request(
                new TaskGrant.Agent("agent-internal-id", "calendar-agent", THUMBPRINT),
                task,
                Duration.ofHours(1),
                Optional.of(LOGIN_HINT),
                REQUESTED_AT,
                Optional.of("203.0.113.7"),
                approvalExpiresAt);
        TaskGrant.Evidence evidence = new TaskGrant.Evidence(
                Map.of("k8s.namespace", "agents", "spiffe.id", "spiffe://example.org/calendar-agent"),
                List.of("k8s", "spiffe"),
                "production-agents",
                "v1",
                "attestation-jti-1",
                Optional.empty());
        Optional<TaskGrant.Approval> approval = approvedScopes.map(scopes -> new TaskGrant.Approval(
                scopes,
                Duration.ofHours(1),
                expiresAt.orElseThrow(),
                decidedAt.orElseThrow(),
                Optional.empty(),
                Optional.of("password"),
                approvedDelegates));
        Optional<TaskGrant.Ending> ending =
                endedAt.map(at -> new TaskGrant.Ending(at, endedBy.orElseThrow(), endReason.orElseThrow()));
        return new TaskGrant(
                id,
                "realm-1",
                new TaskGrant.Standing(status, ending),
                request,
                evidence,
                new TaskGrant.Decision(userId, decidedAt, approval),
                new TaskGrant.Usage(uses, maxUses));
    }
}
