package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies the agent endpoints answer with (docs/wire-contract.md, "Request a grant" and "Agent's own grants"). */
final class GrantDocuments {

    /** RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default." We say it explicitly. */
    static final int POLLING_INTERVAL_SECONDS = (int) WireContract.POLLING_INTERVAL.toSeconds();

    private GrantDocuments() {}

    /** RFC 8628 §3.2's device authorization response, with {@code grant_id} in place of {@code device_code}. */
    static Map<String, Object> created(TaskGrant grant, String userCode, String verificationUri, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_id", grant.id());
        body.put("user_code", userCode);
        body.put("verification_uri", verificationUri);
        body.put("verification_uri_complete", AgentGrantPaths.verificationUriComplete(verificationUri, userCode));
        body.put("expires_in", secondsLeft(grant.request().approvalExpiresAt(), now));
        body.put("interval", POLLING_INTERVAL_SECONDS);
        return body;
    }

    /**
     * What the agent may know about its own grant: its state and what it allows, never who approved it (the agent named
     * a login hint; the user id stays with Keycloak) nor the stored workload facts.
     */
    static Map<String, Object> status(TaskGrant grant, Instant now) {
        GrantStatus status = grant.statusAt(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_id", grant.id());
        body.put("status", status.name());
        body.put("audience", grant.request().task().audience());
        body.put("requested_scope", String.join(" ", grant.request().task().scopes()));
        grant.decision()
                .approval()
                .map(TaskGrant.Approval::scopes)
                .ifPresent(scopes -> body.put("scope", String.join(" ", scopes)));
        body.put("max_uses", grant.usage().maxUses());
        body.put("uses", grant.usage().uses());
        body.put("requested_at", grant.request().at().getEpochSecond());
        if (status == GrantStatus.PENDING) {
            body.put("expires_in", secondsLeft(grant.request().approvalExpiresAt(), now));
            body.put("interval", POLLING_INTERVAL_SECONDS);
        }
        grant.decision().at().ifPresent(at -> body.put("decided_at", at.getEpochSecond()));
        grant.expiresAt().ifPresent(at -> body.put("expires_at", at.getEpochSecond()));
        if (status == GrantStatus.APPROVED) {
            grant.expiresAt().ifPresent(at -> body.put("expires_in", secondsLeft(at, now)));
        }
        grant.ending().map(TaskGrant.Ending::at).ifPresent(at -> body.put("ended_at", at.getEpochSecond()));
        return body;
    }

    private static long secondsLeft(Instant until, Instant now) {
        return Math.max(0, Duration.between(now, until).getSeconds());
    }
}
