package dev.agentgrant.keycloak.attestation.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.TestClock;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.service.VerificationCache;
import dev.agentgrant.keycloak.attestation.spiffe.JwtSvidVerifier;
import dev.agentgrant.keycloak.attestation.trust.CachedKeySet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * JWT evidence through the verification cache, with the real SPIFFE verifier: what a source compares a token
 * against for one request (the audience that follows the hostname or the realm, the keys fetched by URL) decides
 * whether an earlier result may be reused.
 */
class JwtEvidenceSourceCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ALIAS = "spire";
    private static final String WORKLOAD = "spiffe://example.org/agents/demo";
    private static final String VIA_ADDRESS = "http://127.0.0.1:8080/realms/acme";
    private static final String VIA_LOCALHOST = "http://localhost:8080/realms/acme";
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final TestKeys KEY = TestKeys.p256();
    private static final TestKeys NEXT_KEY = TestKeys.p256();

    private final TestClock clock = new TestClock(T0);
    private final VerificationCache cache = new VerificationCache(clock, Duration.ofMinutes(5), 100);
    private final AtomicInteger verifications = new AtomicInteger();

    private static JWKSet keys(TestKeys keys, String kid) {
        return new JWKSet(new ECKey.Builder((ECKey) keys.publicJwk()).keyID(kid).build());
    }

    private static String svid(TestKeys signer, String kid, String audience) {
        return TestJws.sign(
                Map.of("alg", "ES256", "kid", kid, "typ", "JWT"),
                Map.of(
                        "sub",
                        WORKLOAD,
                        "aud",
                        List.of(audience),
                        "iat",
                        T0.getEpochSecond(),
                        "exp",
                        T0.getEpochSecond() + 600),
                signer.pair().getPrivate());
    }

    /** The source as a request builds it: the same configuration, this request's audience. */
    private JwtEvidenceSource source(TrustAnchors trust, String audience) {
        return new JwtEvidenceSource(ALIAS, "config-v1", MAX_AGE, trust, audience, (keys, expected, token) -> {
            verifications.incrementAndGet();
            return new JwtSvidVerifier(
                            new JwtSvidVerifier.Settings(
                                    "example.org", keys, expected, Set.of(JWSAlgorithm.ES256), MAX_AGE),
                            clock)
                    .verify(ALIAS, token);
        });
    }

    private VerifiedEvidence verify(String realmId, String realmIssuer, JwtEvidenceSource source, String token)
            throws EvidenceRejected {
        return cache.verify(
                realmId,
                "component-" + realmId,
                realmIssuer,
                source,
                new EvidenceItem(ALIAS, EvidenceItem.Format.JWT, token));
    }

    private String refusal(String realmId, String realmIssuer, JwtEvidenceSource source, String token) {
        EvidenceRejected refused =
                catchThrowableOfType(EvidenceRejected.class, () -> verify(realmId, realmIssuer, source, token));
        assertThat(refused)
                .as("the evidence is refused in " + realmId + " through " + realmIssuer)
                .isNotNull();
        return refused.reason();
    }

    @Test
    void theSourceNamesItsAudienceAndItsKeysAsInputs() throws EvidenceRejected {
        assertThat(source(TrustAnchors.inline(keys(KEY, "k1")), VIA_ADDRESS).verificationInputs())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(JwtEvidenceSource.AUDIENCE_INPUT, VIA_ADDRESS, JwtEvidenceSource.TRUST_INPUT, "inline"));
    }

    @Test
    void theSameRequestAgainIsAnsweredFromTheCache() throws EvidenceRejected {
        TrustAnchors trust = TrustAnchors.inline(keys(KEY, "k1"));
        String token = svid(KEY, "k1", VIA_ADDRESS);

        verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token);
        VerifiedEvidence again = verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token);

        assertThat(again.facts()).containsEntry("spiffe_id", WORKLOAD);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void evidenceAcceptedThroughTheAddressIsStillRefusedThroughLocalhost() throws EvidenceRejected {
        TrustAnchors trust = TrustAnchors.inline(keys(KEY, "k1"));
        String token = svid(KEY, "k1", VIA_ADDRESS);

        assertThat(refusal("realm-a", VIA_LOCALHOST, source(trust, VIA_LOCALHOST), token))
                .isEqualTo("invalid_audience");
        assertThat(verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token)
                        .facts())
                .containsEntry("spiffe_id", WORKLOAD);

        assertThat(refusal("realm-a", VIA_LOCALHOST, source(trust, VIA_LOCALHOST), token))
                .isEqualTo("invalid_audience");
    }

    @Test
    void identicallyConfiguredSourcesOfTwoRealmsShareNothing() throws EvidenceRejected {
        TrustAnchors trust = TrustAnchors.inline(keys(KEY, "k1"));
        String realmB = "http://127.0.0.1:8080/realms/other";
        String forRealmA = svid(KEY, "k1", VIA_ADDRESS);

        verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), forRealmA);

        // The realm's issuer is realm B's own: realm A's token does not name it.
        assertThat(refusal("realm-b", realmB, source(trust, realmB), forRealmA)).isEqualTo("invalid_audience");
        // With one configured audience both realms accept it, each verifying it for itself.
        String configured = "https://agents.example.org";
        String forBoth = svid(KEY, "k1", configured);
        verify("realm-a", VIA_ADDRESS, source(trust, configured), forBoth);
        verify("realm-b", realmB, source(trust, configured), forBoth);
        assertThat(verifications).hasValue(4);
    }

    @Test
    void aKeyRemovedFromTheSetAtTheUrlNoLongerVouchesForACachedResult() throws EvidenceRejected {
        AtomicReference<JWKSet> published = new AtomicReference<>(keys(KEY, "k1"));
        Duration refresh = Duration.ofSeconds(60);
        TrustAnchors trust = TrustAnchors.fetched(new CachedKeySet(
                published::get, new CachedKeySet.Settings(refresh, Duration.ZERO, Duration.ofHours(1)), clock));
        String token = svid(KEY, "k1", VIA_ADDRESS);
        verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token);
        verify("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token);
        assertThat(verifications).hasValue(1);

        published.set(keys(NEXT_KEY, "k2"));
        clock.set(T0.plus(refresh));

        assertThat(refusal("realm-a", VIA_ADDRESS, source(trust, VIA_ADDRESS), token))
                .isEqualTo("unknown_key");
    }
}
