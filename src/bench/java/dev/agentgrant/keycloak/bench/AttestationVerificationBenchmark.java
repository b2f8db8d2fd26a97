package dev.agentgrant.keycloak.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.intoto.InTotoVerifier;
import dev.agentgrant.keycloak.attestation.intoto.SlsaProvenance;
import dev.agentgrant.keycloak.attestation.intoto.TrustedKey;
import dev.agentgrant.keycloak.attestation.kubernetes.ServiceAccountTokenVerifier;
import dev.agentgrant.keycloak.attestation.policy.AgentContext;
import dev.agentgrant.keycloak.attestation.policy.AttestationPolicy;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.policy.PolicyEvaluator;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.presentation.PresentationVerifier;
import dev.agentgrant.keycloak.attestation.presentation.VerifiedPresentation;
import dev.agentgrant.keycloak.attestation.service.VerificationCache;
import dev.agentgrant.keycloak.attestation.service.VerificationCacheKey;
import dev.agentgrant.keycloak.attestation.source.JwtEvidenceSource;
import dev.agentgrant.keycloak.attestation.spiffe.JwtSvidVerifier;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import dev.agentgrant.keycloak.support.Sha256;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of verifying an attestation presentation with three evidence items and the agent's policy, next to
 * the cost of one RS256 signature — what Keycloak spends signing every token — measured in the same JVM so that
 * their ratio means something on a noisy machine. Targets: {@link #cacheHit} ≤ 1 × {@link #rs256Sign},
 * {@link #cold} ≤ 5 ×. {@link BenchmarkMain} runs it and prints the ratios (docs/performance.md).
 *
 * <p>Each path does what {@code AttestationService.verify} does, minus Keycloak: the presentation (signature
 * included: it is single use and never cached), each evidence item by its source, then the policy. Not measured:
 * the replay entry ({@code SingleUseObjectProvider.putIfAbsent}), the realm and component lookups, and the
 * signing of the token that follows.
 *
 * <p>Benchmark classes cannot be final: JMH generates subclasses of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttestationVerificationBenchmark {

    private AgentFixture fixture;
    private Map<String, String> agentContext;
    private PresentationVerifier presentationVerifier;
    private JwtSvidVerifier jwtSvidVerifier;
    private ServiceAccountTokenVerifier serviceAccountVerifier;
    private InTotoVerifier inTotoVerifier;
    private AttestationPolicy policy;
    private PolicyEvaluator policyEvaluator;
    private VerificationCache cache;
    private List<VerifiedEvidence> verifiedEvidence;
    private String instanceKeyThumbprint;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new AgentFixture();
        // One fixed clock for every verifier, the evaluator and the cache: the presentation lives 60 s at most.
        Clock clock = Clock.fixed(fixture.now, ZoneOffset.UTC);
        Duration maxAge = Duration.ofHours(1);

        presentationVerifier = new PresentationVerifier(clock);
        jwtSvidVerifier = new JwtSvidVerifier(
                new JwtSvidVerifier.Settings(
                        AgentFixture.TRUST_DOMAIN,
                        TrustMaterial.parseSpiffeBundle(fixture.spiffeBundle),
                        AgentFixture.REALM,
                        Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                        maxAge),
                clock);
        serviceAccountVerifier = new ServiceAccountTokenVerifier(
                new ServiceAccountTokenVerifier.Settings(
                        AgentFixture.CLUSTER_ISSUER,
                        TrustMaterial.parseJwks(fixture.clusterJwks),
                        AgentFixture.REALM,
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                        maxAge),
                clock);
        List<TrustedKey> provenanceKeys = new ArrayList<>();
        for (JWK key : TrustMaterial.parseJwks(fixture.provenanceJwks).getKeys()) {
            provenanceKeys.add(TrustedKey.fromJwk(key));
        }
        inTotoVerifier = new InTotoVerifier(
                new InTotoVerifier.Settings(
                        provenanceKeys, 1, Set.of(SlsaProvenance.PREDICATE_TYPE), Duration.ofDays(90)),
                clock);

        policy = AttestationPolicy.parse(AgentFixture.POLICY);
        policyEvaluator = new PolicyEvaluator(clock);
        agentContext = AgentContext.of(AgentFixture.AGENT, AgentFixture.SPIFFE_ID);
        cache = new VerificationCache(clock, Duration.ofMinutes(5), 10_000);

        // Both paths must end in an allowed decision, or the benchmark would time a refusal.
        requireAllowed(cold(), "cold");
        VerifiedPresentation presentation = presentation();
        instanceKeyThumbprint = presentation.instanceKeyThumbprint();
        verifiedEvidence = new ArrayList<>();
        for (EvidenceItem item : presentation.evidence()) {
            VerifiedEvidence evidence = verifyEvidence(item);
            Duration sourceMaxAge = item.source().equals(AgentFixture.PROVENANCE_SOURCE) ? Duration.ofDays(90) : maxAge;
            cache.put(cacheKey(item), evidence, sourceMaxAge);
            verifiedEvidence.add(evidence);
        }
        requireAllowed(cacheHit(), "cacheHit");
    }

    /** The baseline: one RS256 signature of an access token with a 2048-bit realm key, as Keycloak makes it. */
    @Benchmark
    public byte[] rs256Sign() throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(fixture.realmKey.getPrivate());
        signer.update(fixture.accessTokenSigningInput);
        return signer.sign();
    }

    /** First sight of the evidence: the presentation, the three verifiers, the policy. */
    @Benchmark
    public PolicyDecision cold() throws EvidenceRejected {
        VerifiedPresentation presentation = presentation();
        List<VerifiedEvidence> evidence =
                new ArrayList<>(presentation.evidence().size());
        for (EvidenceItem item : presentation.evidence()) {
            evidence.add(verifyEvidence(item));
        }
        return policyEvaluator.evaluate(policy, evidence, presentation.instanceKeyThumbprint(), agentContext);
    }

    /** The same evidence again (a new presentation carrying it): the presentation, three cache hits, the policy. */
    @Benchmark
    public PolicyDecision cacheHit() throws EvidenceRejected {
        VerifiedPresentation presentation = presentation();
        List<VerifiedEvidence> evidence =
                new ArrayList<>(presentation.evidence().size());
        for (EvidenceItem item : presentation.evidence()) {
            evidence.add(cache.get(cacheKey(item)).orElseThrow(() -> new IllegalStateException("cache miss")));
        }
        return policyEvaluator.evaluate(policy, evidence, presentation.instanceKeyThumbprint(), agentContext);
    }

    /* The parts of the cold path, to see what dominates it. */

    @Benchmark
    public VerifiedPresentation presentation() throws EvidenceRejected {
        return presentationVerifier.verify(fixture.presentation, AgentFixture.AGENT, AgentFixture.REALM);
    }

    @Benchmark
    public VerifiedEvidence jwtSvid() throws EvidenceRejected {
        return jwtSvidVerifier.verify(AgentFixture.SPIFFE_SOURCE, fixture.jwtSvid);
    }

    @Benchmark
    public VerifiedEvidence serviceAccountToken() throws EvidenceRejected {
        return serviceAccountVerifier.verify(AgentFixture.KUBERNETES_SOURCE, fixture.serviceAccountToken);
    }

    @Benchmark
    public VerifiedEvidence inTotoProvenance() throws EvidenceRejected {
        return inTotoVerifier.verify(AgentFixture.PROVENANCE_SOURCE, fixture.provenanceEnvelope);
    }

    @Benchmark
    public PolicyDecision policy() {
        return policyEvaluator.evaluate(policy, verifiedEvidence, instanceKeyThumbprint, agentContext);
    }

    /* The bare JDK signature checks the verifiers make, for scale. */

    @Benchmark
    public boolean es256Verify() throws GeneralSecurityException {
        return jdkVerify("SHA256withECDSA", fixture.instanceKey, fixture.es256Signature);
    }

    @Benchmark
    public boolean rs256Verify() throws GeneralSecurityException {
        return jdkVerify("SHA256withRSA", fixture.realmKey, fixture.rs256Signature);
    }

    private boolean jdkVerify(String algorithm, KeyPair key, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key.getPublic());
        verifier.update(fixture.accessTokenSigningInput);
        return verifier.verify(signature);
    }

    private VerifiedEvidence verifyEvidence(EvidenceItem item) throws EvidenceRejected {
        return switch (item.source()) {
            case AgentFixture.SPIFFE_SOURCE -> jwtSvidVerifier.verify(item.source(), item.value());
            case AgentFixture.KUBERNETES_SOURCE -> serviceAccountVerifier.verify(item.source(), item.value());
            case AgentFixture.PROVENANCE_SOURCE -> inTotoVerifier.verify(item.source(), item.value());
            default -> throw new EvidenceRejected("unknown_source", item.source());
        };
    }

    /**
     * The key AttestationService uses ({@code VerificationCacheKey.of}): the JWT sources name the audience and
     * their (inline) keys as inputs, the in-toto source nothing beyond its configuration.
     */
    private static VerificationCacheKey cacheKey(EvidenceItem item) {
        Map<String, String> inputs = item.source().equals(AgentFixture.PROVENANCE_SOURCE)
                ? Map.of()
                : Map.of(JwtEvidenceSource.AUDIENCE_INPUT, AgentFixture.REALM, JwtEvidenceSource.TRUST_INPUT, "inline");
        return new VerificationCacheKey(
                new VerificationCacheKey.Source(
                        AgentFixture.REALM_ID,
                        AgentFixture.REALM_ID + "-" + item.source(),
                        item.source(),
                        AgentFixture.CONFIG_VERSION),
                AgentFixture.REALM,
                inputs,
                new VerificationCacheKey.Evidence(item.format(), Sha256.base64Url(item.value())));
    }

    private static void requireAllowed(PolicyDecision decision, String path) {
        if (!decision.allowed()) {
            throw new IllegalStateException("The " + path + " path is refused: "
                    + decision.firstFailure().orElse(null));
        }
    }
}
