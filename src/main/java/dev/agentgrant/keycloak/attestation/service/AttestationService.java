package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.policy.AgentContext;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.presentation.PresentationVerifier;
import dev.agentgrant.keycloak.attestation.presentation.VerifiedPresentation;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.AttestationSources;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * "Verify this presentation for this agent now", then "use it up": the entry points of the grant request endpoint,
 * the token exchange and the admin explain endpoint. Obtain it with
 * {@code session.getProvider(AttestationService.class)}.
 *
 * <p>Two phases. {@link #verify} checks, cheapest first, nothing after a failure runs: the presentation (shape,
 * claims, time, signature) → each evidence item with its source (cached results reused) → the agent's policy. It
 * writes nothing. {@link #consume} then writes the replay entry for the presentation's {@code jti}
 * ({@code SingleUseObjectProvider.putIfAbsent}, namespaced, living until {@code exp} + skew). A caller makes its own
 * checks on the verified result between the two, so a request refused anywhere before {@code consume} burns
 * nothing; the explain endpoint never consumes.
 */
public final class AttestationService implements Provider {

    static final String REPLAY_PREFIX = "agent-grant:jti:";
    private static final Logger LOG = Logger.getLogger(AttestationService.class);

    private final KeycloakSession session;
    private final VerificationCache cache;
    private final AgentPolicies policies;
    private final Clock clock;

    /** The verified evidence of one presentation, and the earliest expiry of its identity evidence. */
    private record EvidenceVerified(List<VerifiedEvidence> evidence, Optional<Instant> identityExpiry) {}

    AttestationService(KeycloakSession session, VerificationCache cache, AgentPolicies policies, Clock clock) {
        this.session = session;
        this.cache = cache;
        this.policies = policies;
        this.clock = clock;
    }

    /** As {@link #verify(AgentIdentity, String, Optional)}, for a presentation not bound to an earlier one's key. */
    public AttestationResult verify(AgentIdentity agent, String presentation) throws AttestationRefused {
        return verify(agent, presentation, Optional.empty());
    }

    /**
     * Verifies {@code presentation} for {@code agent}, for a request that will {@link #consume} it once its own
     * checks pass; nothing is written. With {@code pinnedThumbprint} (the instance key a grant is pinned to), a
     * presentation signed by any other key is refused right after its signature is checked, before any evidence is
     * verified. A refusal is logged in detail for admins, since the client only ever learns that attestation failed.
     */
    public AttestationResult verify(AgentIdentity agent, String presentation, Optional<String> pinnedThumbprint)
            throws AttestationRefused {
        try {
            return check(agent, presentation, pinnedThumbprint);
        } catch (AttestationRefused refused) {
            logRefusal(agent.clientId(), refused);
            throw refused;
        }
    }

    /**
     * As {@link #verify(AgentIdentity, String)}, for the admin explain endpoint, which answers with the refusal's
     * detail itself: a refusal is not logged.
     */
    public AttestationResult explain(AgentIdentity agent, String presentation) throws AttestationRefused {
        return check(agent, presentation, Optional.empty());
    }

    /**
     * Uses a verified presentation up: its replay entry, atomic and cluster-wide, lives until the presentation's
     * {@code exp} + skew. The key is namespaced by feature and agent, so a {@code jti} shaped like another
     * feature's key cannot collide with it (docs/attestation.md, "How a presentation is checked", step 5).
     *
     * @throws AttestationRefused {@code replayed}, logged as {@link #verify} logs its refusals, when the presentation
     *                            was already used
     */
    public void consume(AttestationResult result) throws AttestationRefused {
        Instant expiry = result.presentation().expiresAt().plus(WireContract.CLOCK_SKEW);
        long lifespan =
                Math.max(1, Duration.between(result.evaluatedAt(), expiry).toSeconds());
        String key = REPLAY_PREFIX + result.agentClientId() + ":" + result.jti();
        if (!session.singleUseObjects().putIfAbsent(key, lifespan)) {
            AttestationRefused refused = new AttestationRefused(
                    AttestationRefused.Stage.REPLAY,
                    "replayed",
                    null,
                    "Presentation jti " + result.jti() + " was already used",
                    null);
            logRefusal(result.agentClientId(), refused);
            throw refused;
        }
    }

    private AttestationResult check(AgentIdentity agent, String presentation, Optional<String> pinnedThumbprint)
            throws AttestationRefused {
        RealmModel realm = session.getContext().getRealm();
        String realmIssuer = AgentGrantPaths.realmIssuer(session, realm);

        VerifiedPresentation verified;
        try {
            verified = new PresentationVerifier(clock).verify(presentation, agent.clientId(), realmIssuer);
        } catch (EvidenceRejected e) {
            throw new AttestationRefused(AttestationRefused.Stage.PRESENTATION, e.reason(), null, e.getMessage(), null);
        }
        if (pinnedThumbprint.isPresent() && !pinnedThumbprint.get().equals(verified.instanceKeyThumbprint())) {
            throw new AttestationRefused(
                    AttestationRefused.Stage.PRESENTATION,
                    "instance_key_mismatch",
                    null,
                    "Presentation signed by instance key " + verified.instanceKeyThumbprint()
                            + ", the grant is pinned to " + pinnedThumbprint.get(),
                    null);
        }

        AgentPolicies.Resolved policy = policies.resolve(realm, agent);
        EvidenceVerified evidence = verifyEvidence(realm, realmIssuer, verified);

        PolicyDecision decision = policy.evaluate(
                evidence.evidence(),
                verified.instanceKeyThumbprint(),
                AgentContext.of(agent.clientId(), agent.spiffeId().orElse(null)),
                clock);
        if (!decision.allowed()) {
            throw new AttestationRefused(
                    AttestationRefused.Stage.POLICY,
                    "policy_denied",
                    null,
                    decision.firstFailure()
                            .map(r -> r.ruleId() + ": " + r.detail())
                            .orElse("denied"),
                    decision);
        }

        Map<String, String> facts = new TreeMap<>();
        evidence.evidence().forEach(e -> facts.putAll(e.namespacedFacts()));
        AttestationResult result = new AttestationResult(
                verified, evidence.evidence(), facts, policy.id(), decision, evidence.identityExpiry());
        LOG.debugf(
                "Attestation of %s allowed by policy %s (%s), sources %s",
                agent.clientId(), result.policyId(), result.policyVersion(), result.sources());
        return result;
    }

    /** Each evidence item by the realm's source of its alias, in presentation order. */
    private EvidenceVerified verifyEvidence(RealmModel realm, String realmIssuer, VerifiedPresentation verified)
            throws AttestationRefused {
        Map<String, ComponentModel> sources = sourcesByAlias(realm);
        List<VerifiedEvidence> evidence = new ArrayList<>();
        Optional<Instant> identityExpiry = Optional.empty();
        for (EvidenceItem item : verified.evidence()) {
            ComponentModel component = sources.get(item.source());
            if (component == null) {
                throw new AttestationRefused(
                        AttestationRefused.Stage.EVIDENCE,
                        "unknown_source",
                        item.source(),
                        "No attestation source '" + item.source() + "' in realm " + realm.getName(),
                        null);
            }
            AttestationSource source = AttestationSources.forComponent(session, component);
            if (source == null) {
                // A component whose verifier type is no longer installed (its jar was removed).
                throw new AttestationRefused(
                        AttestationRefused.Stage.EVIDENCE,
                        "source_unavailable",
                        item.source(),
                        "Attestation source '" + item.source() + "' has type " + component.getProviderId()
                                + ", which this server does not provide",
                        null);
            }
            VerifiedEvidence result = verifyCached(realm, component, realmIssuer, source, item);
            evidence.add(result);
            if (source.identityEvidence()) {
                // Evidence without exp holds until its issue time plus the source's max age; evidence that does not
                // say when it was issued either is counted from the presentation's own iat (it cannot be younger).
                Instant expiry = result.expiresAt()
                        .orElseGet(() ->
                                result.issuedAt().orElse(verified.issuedAt()).plus(source.maxEvidenceAge()));
                identityExpiry = Optional.of(
                        identityExpiry.filter(e -> e.isBefore(expiry)).orElse(expiry));
            }
        }
        return new EvidenceVerified(evidence, identityExpiry);
    }

    /**
     * The source's verdict, through the cache. The key names the realm and the component as well as the realm issuer
     * this request sees: the same evidence presented in another realm, or through another hostname (and so against
     * another expected audience), is verified there on its own.
     */
    private VerifiedEvidence verifyCached(
            RealmModel realm, ComponentModel component, String realmIssuer, AttestationSource source, EvidenceItem item)
            throws AttestationRefused {
        try {
            return cache.verify(realm.getId(), component.getId(), realmIssuer, source, item);
        } catch (EvidenceRejected e) {
            throw new AttestationRefused(
                    AttestationRefused.Stage.EVIDENCE, e.reason(), item.source(), e.getMessage(), null);
        }
    }

    /** The decision in detail for admins; the client only ever learns that attestation failed. */
    private static void logRefusal(String agentClientId, AttestationRefused refused) {
        LOG.infof(
                "Attestation of %s refused at %s: %s%s: %s",
                agentClientId,
                refused.stage().name().toLowerCase(Locale.ROOT),
                refused.reason(),
                refused.source().map(s -> " (source " + s + ")").orElse(""),
                refused.getMessage());
    }

    private static Map<String, ComponentModel> sourcesByAlias(RealmModel realm) {
        Map<String, ComponentModel> sources = new TreeMap<>();
        realm.getComponentsStream(realm.getId(), AttestationSource.class.getName())
                .forEach(component -> sources.put(component.getName(), component));
        return sources;
    }

    @Override
    public void close() {}
}
