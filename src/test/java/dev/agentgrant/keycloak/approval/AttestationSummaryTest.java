package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.approval.AttestationSummary.Sentence;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttestationSummaryTest {

    private static final Map<String, String> DEMO = Map.ofEntries(
            Map.entry("slsa.source_repository", "git+https://github.com/acme/agent.git@refs/heads/main"),
            Map.entry("slsa.source_ref", "refs/heads/main"),
            Map.entry("slsa.builder_id", "https://github.com/actions/runner/github-hosted"),
            Map.entry("slsa.predicate_type", "https://slsa.dev/provenance/v1"),
            Map.entry("k8s.issuer", "https://kubernetes.default.svc"),
            Map.entry("k8s.subject", "system:serviceaccount:agents:demo-agent"),
            Map.entry("k8s.namespace", "agents"),
            Map.entry("k8s.service_account", "demo-agent"),
            Map.entry("spire.spiffe_id", "spiffe://example.org/agents/demo"),
            Map.entry("spire.trust_domain", "example.org"));

    @Test
    void buildRunAndWorkloadAreSaidInThatOrder() {
        assertThat(AttestationSummary.of(DEMO))
                .containsExactly(
                        new Sentence(
                                AttestationSummary.BUILT_AT_BY,
                                List.of("github.com/acme/agent", "refs/heads/main", "GitHub Actions")),
                        new Sentence(AttestationSummary.KUBERNETES_AS, List.of("agents", "demo-agent")),
                        new Sentence(AttestationSummary.WORKLOAD, List.of("spiffe://example.org/agents/demo")));
    }

    @Test
    void sentencesInEnglishAndGerman() throws IOException {
        assertThat(render(AttestationSummary.of(DEMO), Locale.ENGLISH))
                .isEqualTo("Built from github.com/acme/agent at refs/heads/main by GitHub Actions."
                        + " Running in Kubernetes namespace agents as demo-agent."
                        + " Workload spiffe://example.org/agents/demo.");
        assertThat(render(AttestationSummary.of(DEMO), Locale.GERMAN))
                .contains("github.com/acme/agent", "refs/heads/main", "GitHub Actions", "Kubernetes-Namespace agents");
    }

    @Test
    void partialProvenanceAndNamespaceAloneStillMakeASentence() {
        assertThat(AttestationSummary.of(Map.of("p.source_uri", "https://gitlab.com/acme/agent/")))
                .containsExactly(new Sentence(AttestationSummary.BUILT, List.of("gitlab.com/acme/agent")));
        assertThat(AttestationSummary.of(
                        Map.of("p.source_repository", "https://git.example/x", "p.builder_id", "https://gitlab.com/r")))
                .containsExactly(new Sentence(AttestationSummary.BUILT_BY, List.of("git.example/x", "GitLab CI/CD")));
        assertThat(AttestationSummary.of(Map.of("p.source_repository", "https://git.example/x", "p.source_ref", "v1")))
                .containsExactly(new Sentence(AttestationSummary.BUILT_AT, List.of("git.example/x", "v1")));
        assertThat(AttestationSummary.of(Map.of("k.namespace", "ci")))
                .containsExactly(new Sentence(AttestationSummary.KUBERNETES, List.of("ci")));
    }

    @Test
    void aWorkloadTokenSaysWhoIssuedItAndForWhom() {
        assertThat(AttestationSummary.of(Map.of(
                        "gha.issuer", "https://token.actions.githubusercontent.com",
                        "gha.subject", "repo:acme/agent:ref:refs/heads/main")))
                .containsExactly(new Sentence(
                        AttestationSummary.ISSUED, List.of("GitHub Actions", "repo:acme/agent:ref:refs/heads/main")));
    }

    @Test
    void factsOfTwoSourcesAreNeverMixedAndUnknownOrBlankFactsSayNothing() {
        assertThat(AttestationSummary.of(Map.of("a.source_ref", "main", "b.source_repository", "https://x.example/r")))
                .containsExactly(new Sentence(AttestationSummary.BUILT, List.of("x.example/r")));
        assertThat(AttestationSummary.of(Map.of("a.color", "blue", "b.namespace", " ", "nodot", "x", "c.", "y")))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------ running code

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aRuntimeDigestThatIsASubjectOfTheProvenanceSaysTheRunningCodeIsThatBuild() {
        Map<String, String> facts = new java.util.HashMap<>(DEMO);
        facts.put("slsa.subject_digests", "sha256:" + "cd".repeat(32) + "," + DIGEST);
        facts.put("runtime.issuer", "https://runtime-attester.example.org");
        facts.put("runtime.subject", "agents/demo-agent-x7k2p");
        facts.put("runtime.code_digest", DIGEST);

        assertThat(AttestationSummary.of(facts))
                .containsExactly(
                        new Sentence(
                                AttestationSummary.BUILT_AT_BY,
                                List.of("github.com/acme/agent", "refs/heads/main", "GitHub Actions")),
                        new Sentence(AttestationSummary.RUNS_BUILD, List.of("github.com/acme/agent")),
                        new Sentence(AttestationSummary.KUBERNETES_AS, List.of("agents", "demo-agent")),
                        new Sentence(AttestationSummary.WORKLOAD, List.of("spiffe://example.org/agents/demo")));
    }

    @Test
    void theSentenceNamesTheSourceCommitWhenTheProvenanceHasOne() throws IOException {
        Map<String, String> facts = Map.of(
                "build.source_repository",
                "https://github.com/acme/agent",
                "build.source_commit",
                "0123456789abcdef0123456789abcdef01234567",
                "build.subject_digests",
                DIGEST,
                "runtime.code_digest",
                DIGEST);

        List<Sentence> sentences = AttestationSummary.of(facts);

        assertThat(sentences)
                .containsExactly(
                        new Sentence(AttestationSummary.BUILT, List.of("github.com/acme/agent")),
                        new Sentence(
                                AttestationSummary.RUNS_BUILD_AT, List.of("github.com/acme/agent", "0123456789ab")));
        assertThat(render(sentences, Locale.ENGLISH))
                .isEqualTo("Built from github.com/acme/agent."
                        + " Running code matches the build from github.com/acme/agent at commit 0123456789ab.");
        assertThat(render(sentences, Locale.GERMAN)).contains("laufende Code", "0123456789ab");
    }

    @Test
    void aRuntimeDigestThatIsNoSubjectOrOnlyAPrefixOfOneSaysNothingAboutTheBuild() {
        for (String runtime :
                List.of("sha256:" + "ef".repeat(32), DIGEST.substring(0, 20), "sha256:" + "AB".repeat(32))) {
            assertThat(AttestationSummary.of(Map.of(
                            "build.source_repository", "https://github.com/acme/agent",
                            "build.subject_digests", DIGEST,
                            "runtime.code_digest", runtime)))
                    .as(runtime)
                    .containsExactly(new Sentence(AttestationSummary.BUILT, List.of("github.com/acme/agent")));
        }
    }

    @Test
    void provenanceWithoutARepositoryOrTheRuntimeSourcesOwnSubjectsTieNothing() {
        assertThat(AttestationSummary.of(Map.of("build.subject_digests", DIGEST, "runtime.code_digest", DIGEST)))
                .isEmpty();
        assertThat(AttestationSummary.of(Map.of(
                        "one.source_repository", "https://github.com/acme/agent",
                        "one.subject_digests", DIGEST,
                        "one.code_digest", DIGEST)))
                .containsExactly(new Sentence(AttestationSummary.BUILT, List.of("github.com/acme/agent")));
    }

    @Test
    void aRuntimeAttestersTokenIsNotSaidAsAnIdentity() {
        assertThat(AttestationSummary.of(Map.of(
                        "runtime.issuer", "https://runtime-attester.example.org",
                        "runtime.subject", "agents/demo-agent-x7k2p",
                        "runtime.code_digest", DIGEST)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everySentenceHasItsMessageInBothBundles(String language) throws IOException {
        Properties bundle = bundle(Locale.forLanguageTag(language));
        assertThat(AttestationSummary.KEYS)
                .allSatisfy(key -> assertThat(bundle.getProperty(key)).as(key).isNotBlank());
    }

    private static String render(List<Sentence> sentences, Locale locale) throws IOException {
        Properties bundle = bundle(locale);
        return String.join(
                " ",
                sentences.stream()
                        .map(s -> new MessageFormat(bundle.getProperty(s.key()), locale)
                                .format(s.arguments().toArray()))
                        .toList());
    }

    private static Properties bundle(Locale locale) throws IOException {
        Properties bundle = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Path.of("themes/messages/messages_" + locale.getLanguage() + ".properties"), StandardCharsets.UTF_8)) {
            bundle.load(reader);
        }
        return bundle;
    }
}
