package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AttestationDetails;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeContext;

/**
 * How an exchange ends, from what is known of it so far (whether the calling agent was established, the grant, the
 * verified evidence, the exchange's own details): a token issued or a refusal, each with the grant's audit record, the
 * Keycloak event and the answer ({@link ExchangeAnswer}). A refusal changes no grant state; it writes a
 * {@code TOKEN_EXCHANGE_ERROR} event, and an audit record only when an established agent was refused for a grant of its
 * own ({@link ExchangeAudit}).
 */
final class ExchangeOutcome {

    private final KeycloakSession session;
    private final TokenExchangeContext context;
    private final ClientModel client;
    private final EventBuilder event;
    private final String address;
    private final Supplier<Instant> clock;
    private final ExchangeRun.Caller caller;
    private final Class<?> logCategory;
    /** The exchange's own details, after the grant's id in the audit record and the event. */
    private final Map<String, String> ownDetails = new LinkedHashMap<>();
    /** The caller passed the agent checks: a confidential, enabled agent with a readable profile. */
    private boolean agentEstablished;
    /** Set for an agent that requires DPoP nonces: every answer to it then carries a fresh one (RFC 9449 §8.2). */
    private DpopNonces nonces;

    private TaskGrant grant;
    private AttestationResult attestation;

    /**
     * @param clock       the time a fresh DPoP nonce is issued at
     * @param logCategory the category a refusal that is no error event (a poll of a pending grant) is logged under
     */
    ExchangeOutcome(
            KeycloakSession session,
            TokenExchangeContext context,
            String address,
            Supplier<Instant> clock,
            ExchangeRun.Caller caller,
            Class<?> logCategory) {
        this.session = session;
        this.context = context;
        this.client = context.getClient();
        this.event = context.getEvent();
        this.address = address;
        this.clock = clock;
        this.caller = caller;
        this.logCategory = logCategory;
    }

    void agentEstablished() {
        agentEstablished = true;
    }

    Optional<DpopNonces> nonces() {
        return Optional.ofNullable(nonces);
    }

    void nonces(DpopNonces nonces) {
        this.nonces = nonces;
    }

    TaskGrant grant() {
        return grant;
    }

    void grant(TaskGrant grant) {
        this.grant = grant;
    }

    AttestationResult attestation() {
        return attestation;
    }

    void attestation(AttestationResult attestation) {
        this.attestation = attestation;
    }

    void detail(String name, String value) {
        ownDetails.put(name, value);
    }

    Response issued(TaskTokenMinter.Minted minted, Set<String> scopes) {
        Map<String, String> details = details();
        details.put(Details.TOKEN_ID, minted.jti());
        details.put(Details.SCOPE, String.join(" ", scopes));
        details.put(Details.AUDIENCE, grant.request().task().audience());
        details.put("decision", "issued");
        details.put("uses", grant.usage().uses() + "/" + grant.usage().maxUses());
        audit("token_issued", AuditTrail.Outcome.SUCCESS, details);
        event.user(grant.userId().orElse(null));
        details.forEach(event::detail);
        event.detail(Details.REQUESTED_TOKEN_TYPE, ExchangeRequest.ACCESS_TOKEN_TYPE);
        event.success();
        return answer().issued(minted, scopes);
    }

    Response refused(ExchangeRefusal refusal) {
        Map<String, String> details = details();
        details.put(Details.REASON, refusal.reason());
        details.put("error", refusal.error().code());
        details.put("decision", "refused");
        boolean grantOfCaller = grant != null
                && (caller == ExchangeRun.Caller.SUB_AGENT || grant.agent().id().equals(client.getId()));
        boolean recorded = ExchangeAudit.recordsRefusal(agentEstablished, grantOfCaller, refusal.error());
        if (recorded) {
            audit("token_refused", AuditTrail.Outcome.REFUSED, details);
        }
        if (!ExchangeAudit.reportsRefusalAsErrorEvent(refusal.error())) {
            Logger.getLogger(logCategory)
                    .debugf(
                            "Agent Grant: %s polled grant %s in realm %s: %s",
                            client.getClientId(),
                            details.get("grant_id"),
                            context.getRealm().getName(),
                            refusal.error().code());
            return answer().refused(refusal);
        }
        if (caller == ExchangeRun.Caller.SUB_AGENT ? recorded : grantOfCaller) {
            grant.userId().ifPresent(event::user);
        }
        details.forEach((name, value) -> {
            if (!name.equals("error")) {
                event.detail(name, value);
            }
        });
        event.error(refusal.error().code());
        return answer().refused(refusal);
    }

    /** The grant's audit record of this exchange, by the calling agent. */
    private void audit(String action, AuditTrail.Outcome outcome, Map<String, String> details) {
        Actor agent = Actor.agent(client.getClientId(), client.getId(), address);
        AuditTrail.of(session).record(AuditTrail.Subject.of(grant), action, outcome, agent, details);
    }

    /** The answer's headers: CORS, and a fresh DPoP nonce for an agent that requires them (RFC 9449 §8). */
    private ExchangeAnswer answer() {
        return new ExchangeAnswer(context.getCors(), nonces(), clock);
    }

    /** What the audit record and the event say in both outcomes: the grant, the exchange's own, the evidence. */
    private Map<String, String> details() {
        Map<String, String> all = new LinkedHashMap<>();
        if (grant != null) {
            all.put("grant_id", grant.id());
        }
        all.putAll(ownDetails);
        if (attestation != null) {
            all.putAll(AttestationDetails.of(attestation));
            TaskTokenClaims.keyFacts(attestation.facts()).forEach((name, value) -> all.put("fact." + name, value));
        }
        return all;
    }
}
