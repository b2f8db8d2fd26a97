package dev.agentgrant.keycloak.attestation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.TestClock;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lifetime and size of cached results, and their keying: a result is reused only under every input of the
 * decision (realm, source component, alias, configuration version, realm issuer, the source's own inputs, the
 * evidence's format and value) and is verified anew when any of them differs.
 */
class VerificationCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    /** A source that counts its verifications and answers from mutable inputs. */
    private static final class CountingSource implements AttestationSource {
        String alias = "spire";
        String configVersion = "v1";
        Map<String, String> inputs =
                new LinkedHashMap<>(Map.of("audience", "http://127.0.0.1:8080/realms/a", "trust", "inline"));
        EvidenceRejected refusal;
        EvidenceRejected inputsUnavailable;
        Runnable whileVerifying = () -> {};
        boolean cacheable = true;
        int verifications;

        @Override
        public String alias() {
            return alias;
        }

        @Override
        public String configVersion() {
            return configVersion;
        }

        @Override
        public Map<String, String> verificationInputs() throws EvidenceRejected {
            if (inputsUnavailable != null) {
                throw inputsUnavailable;
            }
            return Map.copyOf(inputs);
        }

        @Override
        public Duration maxEvidenceAge() {
            return Duration.ofHours(1);
        }

        @Override
        public boolean identityEvidence() {
            return true;
        }

        @Override
        public boolean cacheable(EvidenceItem item) {
            return cacheable;
        }

        @Override
        public VerifiedEvidence verify(EvidenceItem item) throws EvidenceRejected {
            verifications++;
            whileVerifying.run();
            if (refusal != null) {
                throw refusal;
            }
            return new VerifiedEvidence(
                    alias,
                    Map.of("spiffe_id", "spiffe://example.org/a"),
                    Optional.of(T0),
                    Optional.of(T0.plusSeconds(60)),
                    Optional.empty());
        }
    }

    /** One call of {@link VerificationCache#verify}, every input of which a case may change. */
    private static final class Call {
        String realmId = "realm-a";
        String sourceId = "component-1";
        String realmIssuer = "http://127.0.0.1:8080/realms/a";
        EvidenceItem.Format format = EvidenceItem.Format.JWT;
        String evidence = "eyJhbGciOiJFUzI1NiJ9.e30.sig";
        final CountingSource source;

        Call(CountingSource source) {
            this.source = source;
        }

        VerifiedEvidence verify(VerificationCache cache) throws EvidenceRejected {
            return cache.verify(
                    realmId, sourceId, realmIssuer, source, new EvidenceItem(source.alias, format, evidence));
        }
    }

    private final TestClock clock = new TestClock(T0);
    private final VerificationCache cache = new VerificationCache(clock, Duration.ofMinutes(5), 3);
    private final CountingSource source = new CountingSource();

    private static VerifiedEvidence evidence(Instant issued, Instant expires) {
        return new VerifiedEvidence(
                "spire",
                Map.of("spiffe_id", "spiffe://example.org/a"),
                Optional.ofNullable(issued),
                Optional.ofNullable(expires),
                Optional.empty());
    }

    private static VerificationCacheKey key(String alias, String configVersion, String value) {
        return new VerificationCacheKey(
                new VerificationCacheKey.Source("realm-a", "component-" + alias, alias, configVersion),
                "https://sso.example.com/realms/a",
                Map.of(),
                new VerificationCacheKey.Evidence(EvidenceItem.Format.JWT, value));
    }

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("realm", (Consumer<Call>) call -> call.realmId = "realm-b"),
                Arguments.of("source component", (Consumer<Call>) call -> call.sourceId = "component-2"),
                Arguments.of("source alias", (Consumer<Call>) call -> call.source.alias = "spire-2"),
                Arguments.of("source configuration version", (Consumer<Call>) call -> call.source.configVersion = "v2"),
                Arguments.of("realm issuer the request sees (hostname)", (Consumer<Call>)
                        call -> call.realmIssuer = "http://localhost:8080/realms/a"),
                Arguments.of("expected audience", (Consumer<Call>)
                        call -> call.source.inputs.put("audience", "https://sso.example.com/realms/b")),
                Arguments.of("version of the source's keys", (Consumer<Call>)
                        call -> call.source.inputs.put("trust", "fetched:2:digest")),
                Arguments.of("an input only the source knows", (Consumer<Call>)
                        call -> call.source.inputs.put("tenant", "t1")),
                Arguments.of("evidence format", (Consumer<Call>) call -> call.format = EvidenceItem.Format.DSSE),
                Arguments.of("evidence", (Consumer<Call>) call -> call.evidence = "eyJhbGciOiJFUzI1NiJ9.e30.sig2"));
    }

    @Test
    void theSameInputsHitTheCache() throws EvidenceRejected {
        VerifiedEvidence first = new Call(source).verify(cache);
        VerifiedEvidence second = new Call(source).verify(cache);

        assertThat(source.verifications).isEqualTo(1);
        assertThat(second).isEqualTo(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void changingAnInputOfTheDecisionMissesTheCache(String input, Consumer<Call> change) throws EvidenceRejected {
        new Call(source).verify(cache);

        Call changed = new Call(source);
        change.accept(changed);
        changed.verify(cache);

        assertThat(source.verifications).as(input).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void evidenceAcceptedThroughOneHostnameIsVerifiedAgainThroughAnotherAndRefusedThere() throws EvidenceRejected {
        Call viaLoopbackAddress = new Call(source);
        viaLoopbackAddress.verify(cache);

        Call viaLocalhost = new Call(source);
        viaLocalhost.realmIssuer = "http://localhost:8080/realms/a";
        source.inputs.put("audience", viaLocalhost.realmIssuer);
        source.refusal = new EvidenceRejected("invalid_audience", "aud is not this realm");

        EvidenceRejected refused = catchThrowableOfType(EvidenceRejected.class, () -> viaLocalhost.verify(cache));
        assertThat(refused.reason()).isEqualTo("invalid_audience");
        // The same request through the first hostname still hits its own entry.
        source.inputs.put("audience", viaLoopbackAddress.realmIssuer);
        source.refusal = null;
        viaLoopbackAddress.verify(cache);
        assertThat(source.verifications).isEqualTo(2);
    }

    @Test
    void aRefusalIsNeverCached() {
        source.refusal = new EvidenceRejected("bad_signature", "no");

        catchThrowableOfType(EvidenceRejected.class, () -> new Call(source).verify(cache));
        catchThrowableOfType(EvidenceRejected.class, () -> new Call(source).verify(cache));

        assertThat(source.verifications).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void evidenceTheSourceSaysNotToCacheIsVerifiedEveryTime() throws EvidenceRejected {
        source.cacheable = false;

        new Call(source).verify(cache);
        new Call(source).verify(cache);

        assertThat(source.verifications).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aResultReachedWhileTheSourcesInputsChangedIsUsedButNotKept() throws EvidenceRejected {
        // E.g. a key set fetched anew for an unknown kid during the verification: the result belongs to that set.
        source.whileVerifying = () -> source.inputs.put("trust", "fetched:2:other");

        new Call(source).verify(cache);

        assertThat(cache.size()).isZero();
    }

    @Test
    void aCachedResultIsNotServedWhenTheSourceCannotNameItsInputs() throws EvidenceRejected {
        new Call(source).verify(cache);
        source.inputsUnavailable = new EvidenceRejected("trust_material_unavailable", "no usable key set");

        EvidenceRejected refused = catchThrowableOfType(EvidenceRejected.class, () -> new Call(source).verify(cache));

        assertThat(refused.reason()).isEqualTo("trust_material_unavailable");
    }

    @Test
    void aCacheWithoutRoomOrLifetimeVerifiesEveryTime() throws EvidenceRejected {
        for (VerificationCache off : new VerificationCache[] {
            new VerificationCache(clock, Duration.ofMinutes(5), 0), new VerificationCache(clock, Duration.ZERO, 100)
        }) {
            CountingSource counting = new CountingSource();
            new Call(counting).verify(off);
            new Call(counting).verify(off);
            assertThat(counting.verifications).isEqualTo(2);
        }
    }

    @Test
    void keysCompareInputByInputNotAsConcatenatedText() {
        VerificationCacheKey one = new VerificationCacheKey(
                new VerificationCacheKey.Source("realm:a", "s", "spire", "v1"),
                "https://h/realms/a",
                Map.of("audience", "x"),
                new VerificationCacheKey.Evidence(EvidenceItem.Format.JWT, "d"));
        VerificationCacheKey other = new VerificationCacheKey(
                new VerificationCacheKey.Source("realm", "a:s", "spire", "v1"),
                "https://h/realms/a",
                Map.of("audience", "x"),
                new VerificationCacheKey.Evidence(EvidenceItem.Format.JWT, "d"));
        VerificationCacheKey same = new VerificationCacheKey(
                new VerificationCacheKey.Source("realm:a", "s", "spire", "v1"),
                "https://h/realms/a",
                new LinkedHashMap<>(Map.of("audience", "x")),
                new VerificationCacheKey.Evidence(EvidenceItem.Format.JWT, "d"));

        assertThat(one).isNotEqualTo(other);
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
    }

    @Test
    void aResultIsNeverServedAfterTheEvidenceExpires() {
        VerificationCacheKey key = key("spire", "v1", "token");
        cache.put(key, evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));

        clock.set(T0.plusSeconds(59));
        assertThat(cache.get(key)).isPresent();
        clock.set(T0.plusSeconds(60));
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void theSourcesMaxAgeAndTheCachesOwnLimitBoundTheEntry() {
        VerificationCacheKey aged = key("build", "v1", "envelope");
        cache.put(aged, evidence(T0.minusSeconds(50), null), Duration.ofSeconds(60));
        VerificationCacheKey longLived = key("spire", "v1", "token");
        cache.put(longLived, evidence(T0, T0.plus(Duration.ofDays(1))), Duration.ofDays(2));

        clock.set(T0.plusSeconds(10));
        assertThat(cache.get(aged)).isEmpty();
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(cache.get(longLived)).isEmpty();
    }

    @Test
    void evidenceWithoutAnyTimeIsNotCached() {
        VerificationCacheKey key = key("x", "v1", "e");
        cache.put(key, evidence(null, null), Duration.ofHours(1));

        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesWhenFull() {
        for (int i = 0; i < 3; i++) {
            cache.put(key("s", "v", "e" + i), evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));
        }
        cache.get(key("s", "v", "e0"));
        cache.put(key("s", "v", "e3"), evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(key("s", "v", "e0"))).isPresent();
        assertThat(cache.get(key("s", "v", "e1"))).isEmpty();
    }
}
