package dev.agentgrant.keycloak.attestation.intoto;

import static dev.agentgrant.keycloak.attestation.intoto.TestDsse.at;
import static dev.agentgrant.keycloak.attestation.intoto.TestDsse.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DSSE, in-toto Statement v1 and SLSA Provenance v1, with bounded reading (RFC 8259 §9) and monotonicity. */
class InTotoVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String CODE_DIGEST_TYPE = "https://example.com/code-digest/v1";
    private static final String SHA = "a".repeat(64);
    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys ED = TestKeys.ed25519();
    private static final TestKeys RSA = TestKeys.rsa(2048);
    private static final TestKeys STRANGER = TestKeys.p256();

    private static InTotoVerifier verifier(int threshold) {
        try {
            List<TrustedKey> keys = List.of(
                    TrustedKey.fromJwk(new ECKey.Builder((ECKey) EC.publicJwk())
                            .keyID("builder-1")
                            .build()),
                    TrustedKey.fromJwk(new OctetKeyPair.Builder((OctetKeyPair) ED.publicJwk())
                            .keyID("builder-2")
                            .build()),
                    TrustedKey.fromPem("builder-3", TestDsse.pem(RSA.pair().getPublic())));
            return new InTotoVerifier(
                    new InTotoVerifier.Settings(
                            keys,
                            threshold,
                            Set.of(SlsaProvenance.PREDICATE_TYPE, CODE_DIGEST_TYPE),
                            Duration.ofDays(1)),
                    Clock.fixed(NOW, ZoneOffset.UTC));
        } catch (EvidenceRejected e) {
            throw new IllegalStateException(e);
        }
    }

    record Signer(String keyId, PrivateKey key) {}

    /** A valid signed SLSA provenance that each case bends. */
    static final class Attestation {
        final Map<String, Object> statement = TestDsse.slsaStatement("2026-11-28T11:30:00Z");
        String payloadJson;
        String payloadType = InTotoVerifier.PAYLOAD_TYPE;
        String signedPayloadType;
        boolean signRawPayload;
        String payloadAfterSigning;
        final List<Signer> signers =
                new ArrayList<>(List.of(new Signer("builder-1", EC.pair().getPrivate())));
        final Map<String, Object> envelopeExtras = new LinkedHashMap<>();

        byte[] payload() {
            return TestDsse.utf8(payloadJson != null ? payloadJson : TestDsse.json(statement));
        }

        String envelope() {
            byte[] payload = payload();
            byte[] message = signRawPayload
                    ? payload
                    : Pae.encode(signedPayloadType != null ? signedPayloadType : payloadType, payload);
            List<Map<String, Object>> signatures = new ArrayList<>();
            for (Signer signer : signers) {
                signatures.add(TestDsse.signature(signer.keyId(), TestDsse.sign(signer.key(), message)));
            }
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put(
                    "payload",
                    TestDsse.b64(payloadAfterSigning != null ? TestDsse.utf8(payloadAfterSigning) : payload));
            envelope.put("payloadType", payloadType);
            envelope.put("signatures", signatures);
            envelope.putAll(envelopeExtras);
            return TestDsse.json(envelope);
        }

        Map<String, Object> predicate() {
            return at(statement, "predicate");
        }

        @SuppressWarnings("unchecked")
        List<Object> subjects() {
            return (List<Object>) statement.get("subject");
        }
    }

    @Test
    void aValidSlsaProvenanceYieldsItsFacts() throws EvidenceRejected {
        VerifiedEvidence evidence = verifier(1).verify("release", new Attestation().envelope());

        assertThat(evidence.source()).isEqualTo("release");
        assertThat(evidence.facts())
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("source_commit", "0123456789abcdef0123456789abcdef01234567"),
                        Map.entry("predicate_type", "https://slsa.dev/provenance/v1"),
                        Map.entry("subject_digests", "sha256:" + SHA),
                        Map.entry("subject_names", "ghcr.io/acme/agent"),
                        Map.entry("builder_id", "https://github.com/actions/runner/github-hosted"),
                        Map.entry("build_type", "https://actions.github.io/buildtypes/workflow/v1"),
                        Map.entry("source_repository", "https://github.com/acme/agent"),
                        Map.entry("source_ref", "refs/heads/main"),
                        Map.entry("source_uri", "git+https://github.com/acme/agent@refs/heads/main"),
                        Map.entry("source_digest", "gitCommit:0123456789abcdef0123456789abcdef01234567")));
        assertThat(evidence.namespacedFacts())
                .containsEntry("release.builder_id", "https://github.com/actions/runner/github-hosted");
        assertThat(evidence.issuedAt()).contains(Instant.parse("2026-11-28T11:30:00Z"));
        assertThat(evidence.expiresAt()).isEmpty();
        assertThat(evidence.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void subjectDigestsAndNamesAreSortedDistinctAndOnlyAccepted() throws EvidenceRejected {
        Attestation a = new Attestation();
        a.subjects().clear();
        Map<String, Object> multi = subject("b-image", "sha512", "c".repeat(128));
        at(multi, "digest").put("sha1", "d".repeat(40));
        at(multi, "digest").put("dirHash1", "ignored");
        a.subjects().add(multi);
        a.subjects().add(subject("a-image", "sha256", "b".repeat(64)));
        a.subjects().add(subject("a-image", "sha256", "b".repeat(64)));
        a.subjects().add(subject(null, "sha384", "e".repeat(96)));

        VerifiedEvidence evidence = verifier(1).verify("release", a.envelope());

        assertThat(evidence.facts().get("subject_digests"))
                .isEqualTo("sha256:" + "b".repeat(64) + ",sha384:" + "e".repeat(96) + ",sha512:" + "c".repeat(128));
        assertThat(evidence.facts().get("subject_names")).isEqualTo("a-image,b-image");
    }

    @Test
    void withoutFinishedOnStartedOnIsTheIssueTimeAndWithoutEitherThereIsNone() throws EvidenceRejected {
        Attestation started = new Attestation();
        at(started.predicate(), "runDetails", "metadata").remove("finishedOn");
        assertThat(verifier(1).verify("release", started.envelope()).issuedAt())
                .contains(Instant.parse("2026-11-28T11:00:00Z"));

        Attestation none = new Attestation();
        at(none.predicate(), "runDetails").remove("metadata");
        assertThat(verifier(1).verify("release", none.envelope()).issuedAt()).isEmpty();
    }

    @Test
    void sourceIsReadFromExternalParametersSourceToo() throws EvidenceRejected {
        Attestation a = new Attestation();
        Map<String, Object> externalParameters = at(a.predicate(), "buildDefinition", "externalParameters");
        externalParameters.clear();
        externalParameters.put(
                "source", Map.of("uri", "git+https://gitlab.example/acme/agent", "ref", "refs/tags/v1.2.0"));
        at(a.predicate(), "buildDefinition").remove("resolvedDependencies");

        Map<String, String> facts = verifier(1).verify("release", a.envelope()).facts();

        assertThat(facts)
                .containsEntry("source_repository", "git+https://gitlab.example/acme/agent")
                .containsEntry("source_ref", "refs/tags/v1.2.0")
                .doesNotContainKeys("source_uri", "source_digest", "source_commit");
    }

    @Test
    void parametersOfOtherBuildTypesAreNotInterpreted() throws EvidenceRejected {
        Attestation a = new Attestation();
        Map<String, Object> externalParameters = at(a.predicate(), "buildDefinition", "externalParameters");
        externalParameters.clear();
        externalParameters.put("source", "git+https://example.com/repo@main");
        externalParameters.put("workflow", List.of("not", "an", "object"));

        assertThat(verifier(1).verify("release", a.envelope()).facts())
                .doesNotContainKeys("source_repository", "source_ref");
    }

    @Test
    void anotherAcceptedPredicateTypeYieldsOnlyStatementFacts() throws EvidenceRejected {
        Attestation a = new Attestation();
        a.statement.put("predicateType", CODE_DIGEST_TYPE);
        a.statement.put("predicate", Map.of("anything", List.of(1, 2)));

        VerifiedEvidence evidence = verifier(1).verify("release", a.envelope());

        assertThat(evidence.facts()).containsOnlyKeys("predicate_type", "subject_digests", "subject_names");
        assertThat(evidence.issuedAt()).isEmpty();
    }

    @Test
    void everyTrustedKeyTypeAndKeyIdHintsAreAccepted() {
        for (Signer signer : List.of(
                new Signer("builder-2", ED.pair().getPrivate()),
                new Signer(null, RSA.pair().getPrivate()),
                new Signer("", EC.pair().getPrivate()),
                new Signer("builder-3", RSA.pair().getPrivate()))) {
            Attestation a = new Attestation();
            a.signers.clear();
            a.signers.add(signer);
            assertThatCode(() -> verifier(1).verify("release", a.envelope()))
                    .as(signer.keyId())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void twoDistinctTrustedKeysMeetAThresholdOfTwo() {
        Attestation a = new Attestation();
        a.signers.add(new Signer(null, ED.pair().getPrivate()));

        assertThatCode(() -> verifier(2).verify("release", a.envelope())).doesNotThrowAnyException();
    }

    @Test
    void unknownMembersAreIgnoredWhereTheSpecificationsSaySo() {
        Attestation a = new Attestation();
        a.envelopeExtras.put("x-extension", Map.of("kind", "test"));
        a.statement.put("x-unknown", List.of(1));
        at(a.predicate(), "buildDefinition").put("x-unknown", "y");

        assertThatCode(() -> verifier(1).verify("release", a.envelope())).doesNotThrowAnyException();
    }

    @Test
    void resourceExhaustionIsRefusedFast() {
        Attestation manySignatures = new Attestation();
        manySignatures.signers.addAll(
                Collections.nCopies(999, new Signer("builder-1", EC.pair().getPrivate())));
        String thousandSignatures = manySignatures.envelope();
        String deepEnvelope = "{\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        Attestation deepStatement = new Attestation();
        deepStatement.payloadJson =
                "{\"_type\":\"https://in-toto.io/Statement/v1\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String deepPayload = deepStatement.envelope();

        for (String envelope : List.of(thousandSignatures, deepEnvelope, deepPayload)) {
            long start = System.nanoTime();
            EvidenceRejected rejection = catchThrowableOfType(
                    EvidenceRejected.class, () -> verifier(1).verify("release", envelope));
            assertThat(rejection).isNotNull();
            assertThat(rejection.reason()).isIn("too_many_signatures", "too_large");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    record Case(String name, String reason, int threshold, Consumer<Attestation> bend) {
        Case(String name, String reason, Consumer<Attestation> bend) {
            this(name, reason, 1, bend);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> rejections() {
        List<Case> cases = new ArrayList<>();
        // DSSE "Signature Definition": what is signed (PAE)
        cases.add(new Case(
                "signature over the raw payload, not PAE", "insufficient_signatures", a -> a.signRawPayload = true));
        cases.add(new Case(
                "payloadType changed after signing",
                "insufficient_signatures",
                a -> a.signedPayloadType = "application/vnd.example+json"));
        cases.add(new Case(
                "payload changed after signing",
                "insufficient_signatures",
                a -> a.payloadAfterSigning = TestDsse.json(a.statement).replace("refs/heads/main", "refs/heads/evil")));
        // DSSE "Multi-signature Verification": who signed, and how many
        cases.add(new Case("untrusted key under a trusted keyid", "insufficient_signatures", a -> {
            a.signers.clear();
            a.signers.add(new Signer("builder-1", STRANGER.pair().getPrivate()));
        }));
        cases.add(new Case("untrusted key without keyid", "insufficient_signatures", a -> {
            a.signers.clear();
            a.signers.add(new Signer(null, STRANGER.pair().getPrivate()));
        }));
        cases.add(new Case("trusted key under another trusted key's keyid", "insufficient_signatures", a -> {
            a.signers.clear();
            a.signers.add(new Signer("builder-1", ED.pair().getPrivate()));
        }));
        cases.add(new Case("empty signatures", "no_signatures", a -> a.signers.clear()));
        cases.add(new Case(
                "threshold 2: one key signing twice",
                "insufficient_signatures",
                2,
                a -> a.signers.add(new Signer("builder-1", EC.pair().getPrivate()))));
        cases.add(new Case(
                "threshold 2: one key signing twice, once without keyid",
                "insufficient_signatures",
                2,
                a -> a.signers.add(new Signer(null, EC.pair().getPrivate()))));
        cases.add(new Case(
                "threshold 2: a trusted and an untrusted key",
                "insufficient_signatures",
                2,
                a -> a.signers.add(new Signer("builder-2", STRANGER.pair().getPrivate()))));
        // DSSE payloadType and in-toto Statement v1 _type: what kind of statement
        cases.add(new Case(
                "payloadType application/json", "wrong_payload_type", a -> a.payloadType = "application/json"));
        cases.add(new Case(
                "_type Statement v0.1",
                "wrong_statement_type",
                a -> a.statement.put("_type", "https://in-toto.io/Statement/v0.1")));
        cases.add(new Case(
                "_type with a trailing slash",
                "wrong_statement_type",
                a -> a.statement.put("_type", "https://in-toto.io/Statement/v1/")));
        cases.add(new Case("_type missing", "wrong_statement_type", a -> a.statement.remove("_type")));
        cases.add(new Case(
                "_type an array",
                "wrong_statement_type",
                a -> a.statement.put("_type", List.of(InTotoStatement.TYPE))));
        cases.add(new Case(
                "predicateType SLSA v0.2",
                "unexpected_predicate_type",
                a -> a.statement.put("predicateType", "https://slsa.dev/provenance/v0.2")));
        cases.add(new Case(
                "predicateType missing", "unexpected_predicate_type", a -> a.statement.remove("predicateType")));
        cases.add(new Case("predicate an array", "invalid_statement", a -> {
            a.statement.put("predicateType", CODE_DIGEST_TYPE);
            a.statement.put("predicate", List.of());
        }));
        // in-toto digest_set.md: which artifact
        cases.add(new Case(
                "only an md5 digest", "weak_digest", a -> a.subjects().set(0, subject("x", "md5", "0".repeat(32)))));
        cases.add(new Case(
                "only a sha1 digest", "weak_digest", a -> a.subjects().set(0, subject("x", "sha1", "0".repeat(40)))));
        cases.add(new Case(
                "only a gitCommit digest",
                "weak_digest",
                a -> a.subjects().set(0, subject("x", "gitCommit", "0".repeat(40)))));
        cases.add(new Case(
                "a sha256 subject and a sha1-only subject",
                "weak_digest",
                a -> a.subjects().add(subject("y", "sha1", "0".repeat(40)))));
        cases.add(new Case(
                "sha256 in upper case",
                "invalid_statement",
                a -> a.subjects().set(0, subject("x", "sha256", "A".repeat(64)))));
        cases.add(new Case(
                "sha256 of 63 characters",
                "invalid_statement",
                a -> a.subjects().set(0, subject("x", "sha256", "a".repeat(63)))));
        cases.add(new Case(
                "sha512 of sha256 length",
                "invalid_statement",
                a -> a.subjects().set(0, subject("x", "sha512", SHA))));
        cases.add(new Case(
                "sha256 a number",
                "invalid_statement",
                a -> a.subjects().set(0, Map.of("digest", Map.of("sha256", 7)))));
        cases.add(new Case(
                "subject without digest", "invalid_statement", a -> a.subjects().set(0, Map.of("name", "x"))));
        cases.add(
                new Case("subject empty", "invalid_statement", a -> a.subjects().clear()));
        cases.add(new Case("subject missing", "invalid_statement", a -> a.statement.remove("subject")));
        cases.add(new Case("65 subjects", "too_many_subjects", a -> {
            for (int i = 0; i < 64; i++) {
                a.subjects().add(subject("s" + i, "sha256", SHA));
            }
        }));
        cases.add(new Case(
                "subject name with a comma",
                "invalid_statement",
                a -> a.subjects().set(0, subject("a,b", "sha256", SHA))));
        cases.add(new Case(
                "subject name with a newline",
                "invalid_statement",
                a -> a.subjects().set(0, subject("a\nb", "sha256", SHA))));
        // SLSA Provenance v1 (builder, buildDefinition, runDetails): which build
        cases.add(new Case("finished two days ago", "too_old", a -> {
            at(a.predicate(), "runDetails", "metadata").put("startedOn", "2026-11-26T11:00:00Z");
            at(a.predicate(), "runDetails", "metadata").put("finishedOn", "2026-11-26T12:00:00Z");
        }));
        cases.add(new Case("only started two days ago", "too_old", a -> {
            at(a.predicate(), "runDetails", "metadata").remove("finishedOn");
            at(a.predicate(), "runDetails", "metadata").put("startedOn", "2026-11-26T12:00:00Z");
        }));
        cases.add(new Case(
                "finished in the future",
                "not_yet_valid",
                a -> at(a.predicate(), "runDetails", "metadata").put("finishedOn", "2026-11-28T12:01:00Z")));
        cases.add(new Case(
                "finished before it started",
                "invalid_provenance",
                a -> at(a.predicate(), "runDetails", "metadata").put("finishedOn", "2026-11-28T10:00:00Z")));
        cases.add(new Case(
                "finishedOn not RFC 3339",
                "invalid_provenance",
                a -> at(a.predicate(), "runDetails", "metadata").put("finishedOn", "28 Nov 2026")));
        cases.add(new Case(
                "finishedOn a number",
                "invalid_provenance",
                a -> at(a.predicate(), "runDetails", "metadata").put("finishedOn", 1795000000)));
        cases.add(new Case(
                "builder id missing",
                "invalid_provenance",
                a -> at(a.predicate(), "runDetails", "builder").remove("id")));
        cases.add(new Case(
                "builder id empty",
                "invalid_provenance",
                a -> at(a.predicate(), "runDetails", "builder").put("id", "")));
        cases.add(new Case(
                "buildType missing",
                "invalid_provenance",
                a -> at(a.predicate(), "buildDefinition").remove("buildType")));
        cases.add(new Case(
                "externalParameters missing",
                "invalid_provenance",
                a -> at(a.predicate(), "buildDefinition").remove("externalParameters")));
        cases.add(new Case(
                "runDetails missing", "invalid_provenance", a -> a.predicate().remove("runDetails")));
        cases.add(new Case("SLSA predicate missing", "invalid_provenance", a -> a.statement.remove("predicate")));
        cases.add(new Case(
                "workflow.repository a number",
                "invalid_provenance",
                a -> at(a.predicate(), "buildDefinition", "externalParameters", "workflow")
                        .put("repository", 1)));
        cases.add(new Case(
                "resolvedDependencies an object",
                "invalid_provenance",
                a -> at(a.predicate(), "buildDefinition").put("resolvedDependencies", Map.of("uri", "x"))));
        cases.add(new Case(
                "gitCommit in upper case",
                "invalid_provenance",
                a -> at(a.predicate(), "buildDefinition")
                        .put(
                                "resolvedDependencies",
                                List.of(Map.of(
                                        "uri",
                                        "git+https://x",
                                        "digest",
                                        Map.of("gitCommit", "ABCDEF0123456789ABCDEF0123456789ABCDEF01"))))));
        // RFC 8259 §9 limits and strict JSON
        cases.add(new Case(
                "1 000 signatures",
                "too_many_signatures",
                a -> a.signers.addAll(Collections.nCopies(
                        999, new Signer("builder-1", EC.pair().getPrivate())))));
        cases.add(new Case(
                "statement nested 10 000 deep",
                "too_large",
                a -> a.payloadJson = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"x\":" + "[".repeat(10_000)
                        + "]".repeat(10_000) + "}"));
        cases.add(new Case("payload over 64 KiB", "too_large", a -> a.statement.put("x-padding", "x".repeat(70_000))));
        cases.add(new Case(
                "duplicate _type in the statement",
                "malformed",
                a -> a.payloadJson = TestDsse.json(a.statement)
                        .replaceFirst("\\{", "{\"_type\":\"https://in-toto.io/Statement/v1\",")));
        cases.add(new Case(
                "duplicate predicateType in the statement",
                "malformed",
                a -> a.payloadJson = TestDsse.json(a.statement)
                        .replaceFirst("\\{", "{\"predicateType\":\"" + CODE_DIGEST_TYPE + "\",")));
        cases.add(new Case(
                "payload not JSON", "malformed", a -> a.payloadJson = "_type=https://in-toto.io/Statement/v1"));
        cases.add(new Case(
                "payload a JSON array", "malformed", a -> a.payloadJson = "[" + TestDsse.json(a.statement) + "]"));
        cases.add(new Case(
                "trailing content after the statement",
                "malformed",
                a -> a.payloadJson = TestDsse.json(a.statement) + "{}"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(Case c) {
        Attestation attestation = new Attestation();
        c.bend().accept(attestation);
        String envelope = attestation.envelope();

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> verifier(c.threshold()).verify("release", envelope));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }

    @Test
    void aPayloadThatIsNotUtf8IsRejected() {
        byte[] latin1 = {'{', '"', '_', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xe9, '"', '}'};
        String envelope = TestDsse.signedEnvelope(
                InTotoVerifier.PAYLOAD_TYPE, latin1, "builder-1", EC.pair().getPrivate());

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier(1).verify("release", envelope));

        assertThat(rejection.reason()).isEqualTo("malformed");
    }

    /** docs/attestation.md "Policies", monotonic: additions an attacker controls (or a signer adds) never turn a refusal into acceptance. */
    static Stream<Object[]> monotonicity() {
        Map<String, Consumer<Attestation>> refusals = new LinkedHashMap<>();
        refusals.put("weak_digest", a -> a.subjects().set(0, subject("x", "sha1", "0".repeat(40))));
        refusals.put(
                "unexpected_predicate_type", a -> a.statement.put("predicateType", "https://slsa.dev/provenance/v0.2"));
        refusals.put("wrong_statement_type", a -> a.statement.put("_type", "https://in-toto.io/Statement/v0.1"));
        refusals.put("too_old", a -> {
            at(a.predicate(), "runDetails", "metadata").put("startedOn", "2026-11-19T23:00:00Z");
            at(a.predicate(), "runDetails", "metadata").put("finishedOn", "2026-11-20T00:00:00Z");
        });
        refusals.put("wrong_payload_type", a -> a.payloadType = "application/json");
        refusals.put("insufficient_signatures", a -> {
            a.signers.clear();
            a.signers.add(new Signer("builder-1", STRANGER.pair().getPrivate()));
        });
        Map<String, Consumer<Attestation>> additions = new LinkedHashMap<>();
        additions.put(
                "an unknown statement member",
                a -> a.statement.put("x-override", Map.of("_type", InTotoStatement.TYPE)));
        additions.put("an extra sha256 subject", a -> a.subjects().add(subject("extra", "sha256", "f".repeat(64))));
        additions.put("an extra subject first", a -> a.subjects().add(0, subject("first", "sha512", "f".repeat(128))));
        additions.put("an unknown predicate member", a -> a.predicate().put("x-trusted", true));
        additions.put("an unknown envelope member", a -> a.envelopeExtras.put("x-trusted", true));
        additions.put(
                "an extra untrusted signature",
                a -> a.signers.add(new Signer("builder-2", STRANGER.pair().getPrivate())));
        additions.put(
                "an extra signature without keyid",
                a -> a.signers.add(new Signer(null, STRANGER.pair().getPrivate())));
        List<Object[]> combinations = new ArrayList<>();
        refusals.forEach((reason, refusal) -> additions.forEach(
                (addition, add) -> combinations.add(new Object[] {reason, addition, refusal.andThen(add)})));
        return combinations.stream();
    }

    @ParameterizedTest(name = "{0} stays {0} with {1}")
    @MethodSource("monotonicity")
    void additionsNeverTurnARefusalIntoAcceptance(String reason, String addition, Consumer<Attestation> bend) {
        Attestation attestation = new Attestation();
        bend.accept(attestation);
        String envelope = attestation.envelope();

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier(1).verify("release", envelope));

        assertThat(rejection).as(reason + " with " + addition).isNotNull();
        assertThat(rejection.reason()).as(rejection.getMessage()).isEqualTo(reason);
    }

    @Test
    void settingsRequireAPredicateTypeAndAPositiveMaxAge() {
        assertThatCode(() -> new InTotoVerifier.Settings(List.of(), 1, Set.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new InTotoVerifier.Settings(List.of(), 1, Set.of(CODE_DIGEST_TYPE), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
