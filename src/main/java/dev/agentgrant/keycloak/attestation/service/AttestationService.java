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
import dev.agentgrant.keycloak.support.WireContract;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;
import org.keycloak.services.Urls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * "Verify this presentation for this agent now": the one entry point the grant request endpoint and the token
 * exchange use. Obtain it with {@code session.getProvider(AttestationService.class)}.
 *
 * <p>Check order, cheapest first, nothing after a failure runs: the presentation (shape, claims, time,
 * signature) → each evidence item with its source (cached results reused) → the agent's policy → the caller's
 * own last check, if any → the replay entry for the presentation's {@code jti}
 * ({@code SingleUseObjectProvider.putIfAbsent}, namespaced, living until {@code exp} + skew). The replay entry is written last, so a refused presentation burns nothing, and
 * {@link Mode#DRY_RUN} (the admin explain endpoint) never writes it.
 */
public final class AttestationService implements Provider {

    /** Whether the presentation is used up by this verification. */
    public enum Mode { CONSUME, DRY_RUN }

    static final String REPLAY_PREFIX = "agent-grant:jti:";
    private static final Logger LOG = Logger.getLogger(AttestationService.class);

    private final KeycloakSession session;
    private final VerificationCache cache;
    private final AgentPolicies policies;
    private final Clock clock;

    AttestationService(KeycloakSession session, VerificationCache cache, AgentPolicies policies, Clock clock) {
        this.session = session;
        this.cache = cache;
        this.policies = policies;
        this.clock = clock;
    }

    public AttestationResult verify(ClientModel agent, String presentation, Mode mode) throws AttestationRefused {
        return verify(agent, presentation, mode, Optional.empty());
    }

    /**
     * As {@link #verify(ClientModel, String, Mode)}, for a presentation that must be signed by the instance key a grant
     * is pinned to: a presentation signed by any other key is refused right after its signature is checked, before
     * any evidence is verified or its {@code jti} is burnt.
     */
    public AttestationResult verify(ClientModel agent, String presentation, Mode mode, Optional<String> pinnedThumbprint)
            throws AttestationRefused {
        return verify(agent, presentation, mode, pinnedThumbprint, result -> { });
    }

    /**
     * A decision of the caller's that rests on the verified presentation (such as how long a token minted on its
     * evidence may live) and must come before the presentation is used up: it runs after the policy allowed the
     * presentation and before its replay entry is written, so refusing here burns nothing.
     */
    @FunctionalInterface
    public interface BeforeConsume<E extends Exception> {
        void check(AttestationResult result) throws E;
    }

    /**
     * As {@link #verify(ClientModel, String, Mode, Optional)}, with the caller's own {@code lastCheck} run on the
     * allowed presentation before its replay entry is written; whatever it throws is thrown from here.
     */
    public <E extends Exception> AttestationResult verify(ClientModel agent, String presentation, Mode mode,
            Optional<String> pinnedThumbprint, BeforeConsume<E> lastCheck) throws AttestationRefused, E {
        try {
            AttestationResult result = check(agent, presentation, mode, pinnedThumbprint, lastCheck);
            LOG.debugf("Attestation of %s allowed by policy %s (%s), sources %s", agent.getClientId(),
                    result.policyId(), result.policyVersion(), result.sources());
            return result;
        } catch (AttestationRefused refusal) {
            if (mode == Mode.CONSUME) {
                // The decision in detail for admins; the client only ever learns that attestation failed.
                LOG.infof("Attestation of %s refused at %s: %s%s: %s", agent.getClientId(),
                        refusal.stage().name().toLowerCase(Locale.ROOT), refusal.reason(),
                        refusal.source().map(s -> " (source " + s + ")").orElse(""), refusal.getMessage());
            }
            throw refusal;
        }
    }

    private <E extends Exception> AttestationResult check(ClientModel agent, String presentation, Mode mode,
            Optional<String> pinnedThumbprint, BeforeConsume<E> lastCheck) throws AttestationRefused, E {
        RealmModel realm = session.getContext().getRealm();
        String realmIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());

        VerifiedPresentation verified;
        try {
            verified = new PresentationVerifier(clock).verify(presentation, agent.getClientId(), realmIssuer);
        } catch (EvidenceRejected e) {
            throw new AttestationRefused(AttestationRefused.Stage.PRESENTATION, e.reason(), null, e.getMessage(), null);
        }
        if (pinnedThumbprint.isPresent() && !pinnedThumbprint.get().equals(verified.instanceKeyThumbprint())) {
            throw new AttestationRefused(AttestationRefused.Stage.PRESENTATION, "instance_key_mismatch", null,
                    "Presentation signed by instance key " + verified.instanceKeyThumbprint() + ", the grant is pinned to "
                            + pinnedThumbprint.get(), null);
        }

        AgentPolicies.Resolved policy = policies.resolve(realm, agent);
        Map<String, ComponentModel> sources = sourcesByAlias(realm);
        List<VerifiedEvidence> evidence = new ArrayList<>();
        Optional<Instant> identityExpiry = Optional.empty();
        for (EvidenceItem item : verified.evidence()) {
            ComponentModel component = sources.get(item.source());
            if (component == null) {
                throw new AttestationRefused(AttestationRefused.Stage.EVIDENCE, "unknown_source", item.source(),
                        "No attestation source '" + item.source() + "' in realm " + realm.getName(), null);
            }
            AttestationSource source = AttestationSources.forComponent(session, component);
            if (source == null) {
                // A component whose verifier type is no longer installed (its jar was removed).
                throw new AttestationRefused(AttestationRefused.Stage.EVIDENCE, "source_unavailable", item.source(),
                        "Attestation source '" + item.source() + "' has type " + component.getProviderId()
                                + ", which this server does not provide", null);
            }
            VerifiedEvidence result = verifyCached(realm, component, realmIssuer, source, item);
            evidence.add(result);
            if (source.identityEvidence()) {
                // Evidence without exp holds until its issue time plus the source's max age; evidence that does not
                // say when it was issued either is counted from the presentation's own iat (it cannot be younger).
                Instant expiry = result.expiresAt().orElseGet(() -> result.issuedAt()
                        .orElse(verified.issuedAt()).plus(source.maxEvidenceAge()));
                identityExpiry = Optional.of(identityExpiry.filter(e -> e.isBefore(expiry)).orElse(expiry));
            }
        }

        PolicyDecision decision = policy.evaluate(evidence, verified.instanceKeyThumbprint(),
                AgentContext.of(agent.getClientId(), agent.getAttribute(AgentPolicies.SPIFFE_ID_ATTRIBUTE)), clock);
        Instant now = decision.evaluatedAt();
        if (!decision.allowed()) {
            throw new AttestationRefused(AttestationRefused.Stage.POLICY, "policy_denied", null,
                    decision.firstFailure().map(r -> r.ruleId() + ": " + r.detail()).orElse("denied"), decision);
        }

        Map<String, String> facts = new TreeMap<>();
        evidence.forEach(e -> facts.putAll(e.namespacedFacts()));
        AttestationResult result = new AttestationResult(agent.getClientId(), verified.jti(),
                verified.instanceKeyThumbprint(), evidence, facts, policy.id(), decision, identityExpiry);
        lastCheck.check(result);

        if (mode == Mode.CONSUME) {
            consume(agent, verified, now);
        }
        return result;
    }

    /**
     * The source's verdict, through the cache. The key names the realm and the component as well as the realm issuer
     * this request sees: the same evidence presented in another realm, or through another hostname (and so against
     * another expected audience), is verified there on its own.
     */
    private VerifiedEvidence verifyCached(RealmModel realm, ComponentModel component, String realmIssuer,
                                          AttestationSource source, EvidenceItem item) throws AttestationRefused {
        try {
            return cache.verify(realm.getId(), component.getId(), realmIssuer, source, item);
        } catch (EvidenceRejected e) {
            throw new AttestationRefused(AttestationRefused.Stage.EVIDENCE, e.reason(), item.source(), e.getMessage(), null);
        }
    }

    /**
     * The replay entry: atomic and cluster-wide. The key is namespaced by feature and agent, so a {@code jti}
     * shaped like another feature's key cannot collide with it (docs/attestation.md, "How a presentation is checked", step 5).
     */
    private void consume(ClientModel agent, VerifiedPresentation verified, Instant now) throws AttestationRefused {
        long lifespan = Math.max(1, Duration.between(now, verified.expiresAt().plus(WireContract.CLOCK_SKEW)).toSeconds());
        String key = REPLAY_PREFIX + agent.getClientId() + ":" + verified.jti();
        if (!session.singleUseObjects().putIfAbsent(key, lifespan)) {
            throw new AttestationRefused(AttestationRefused.Stage.REPLAY, "replayed", null,
                    "Presentation jti " + verified.jti() + " was already used", null);
        }
    }

    private static Map<String, ComponentModel> sourcesByAlias(RealmModel realm) {
        Map<String, ComponentModel> sources = new TreeMap<>();
        realm.getComponentsStream(realm.getId(), AttestationSource.class.getName())
                .forEach(component -> sources.put(component.getName(), component));
        return sources;
    }

    @Override
    public void close() {
    }
}
