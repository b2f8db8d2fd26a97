package dev.agentgrant.keycloak.approval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verified facts about the requesting workload, said as a few sentences a person can read on the consent page:
 * where the agent's code was built ({@code source_repository}, {@code source_ref}, {@code builder_id} of build
 * provenance), where it runs (a Kubernetes {@code namespace} and {@code service_account}), its workload identity
 * ({@code spiffe_id}), or who issued its identity ({@code issuer}, {@code subject} of a workload token). Facts are
 * namespaced by their attestation source ({@code <source>.<fact>}, docs/wire-contract.md); each source says its own
 * sentence, so facts of two sources are never mixed — with one exception that exists to join them: when a runtime
 * attester's {@code code_digest} (the digest of the code it saw running) is one of the {@code subject_digests} of a
 * source's build provenance, the running code is the build that provenance describes, and that is said in a sentence
 * of its own (the cross-evidence rule of docs/attestation.md, "Policies": {@code same}). Each sentence is a message
 * key of the theme's bundles with its arguments; the full list of facts stays on the page next to it.
 */
final class AttestationSummary {

    static final String BUILT = "agentGrantSummaryBuilt";
    static final String BUILT_AT = "agentGrantSummaryBuiltAt";
    static final String BUILT_BY = "agentGrantSummaryBuiltBy";
    static final String BUILT_AT_BY = "agentGrantSummaryBuiltAtBy";
    static final String KUBERNETES = "agentGrantSummaryKubernetes";
    static final String KUBERNETES_AS = "agentGrantSummaryKubernetesAs";
    static final String WORKLOAD = "agentGrantSummaryWorkload";
    static final String ISSUED = "agentGrantSummaryIssued";
    static final String RUNS_BUILD = "agentGrantSummaryRunsBuild";
    static final String RUNS_BUILD_AT = "agentGrantSummaryRunsBuildAt";
    /** Every key {@link #of} may answer, for the bundles' completeness test. */
    static final List<String> KEYS = List.of(
            BUILT,
            BUILT_AT,
            BUILT_BY,
            BUILT_AT_BY,
            RUNS_BUILD,
            RUNS_BUILD_AT,
            KUBERNETES,
            KUBERNETES_AS,
            WORKLOAD,
            ISSUED);

    /** The fact a runtime attester names the digest of the running code with (docs/attestation.md, "Policies"). */
    static final String CODE_DIGEST = "code_digest";

    /** How many characters of a source commit the sentence shows, as git abbreviates a commit id for people. */
    static final int COMMIT_SHOWN = 12;

    /** One sentence: a message key and its arguments, in order. */
    record Sentence(String key, List<String> arguments) {
        Sentence {
            arguments = List.copyOf(arguments);
        }
    }

    private AttestationSummary() {}

    static List<Sentence> of(Map<String, String> namespacedFacts) {
        Map<String, Map<String, String>> bySource = new TreeMap<>();
        namespacedFacts.forEach((name, value) -> {
            int dot = name.indexOf('.');
            if (dot > 0 && dot < name.length() - 1 && value != null && !value.isBlank()) {
                bySource.computeIfAbsent(name.substring(0, dot), source -> new TreeMap<>())
                        .put(name.substring(dot + 1), value.strip());
            }
        });
        List<Sentence> built = new ArrayList<>();
        List<Sentence> runsBuild = new ArrayList<>();
        List<Sentence> running = new ArrayList<>();
        List<Sentence> workloads = new ArrayList<>();
        List<Sentence> issued = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> source : bySource.entrySet()) {
            Map<String, String> facts = source.getValue();
            build(facts).ifPresent(built::add);
            fact(facts, CODE_DIGEST).ifPresent(digest -> runsBuild.addAll(buildsOf(digest, source.getKey(), bySource)));
            kubernetes(facts).ifPresent(running::add);
            fact(facts, "spiffe_id").ifPresent(id -> workloads.add(new Sentence(WORKLOAD, List.of(id))));
            // A runtime attester's token is about the code it measured, which its own sentence says, not an identity.
            if (!facts.containsKey("namespace") && !facts.containsKey("spiffe_id") && !facts.containsKey(CODE_DIGEST)) {
                Optional<String> issuer = fact(facts, "issuer");
                Optional<String> subject = fact(facts, "subject");
                if (issuer.isPresent() && subject.isPresent()) {
                    issued.add(new Sentence(ISSUED, List.of(issuerName(issuer.get()), subject.get())));
                }
            }
        }
        Set<Sentence> sentences = new LinkedHashSet<>();
        sentences.addAll(built);
        sentences.addAll(runsBuild);
        sentences.addAll(running);
        sentences.addAll(workloads);
        sentences.addAll(issued);
        return List.copyOf(sentences);
    }

    private static Optional<Sentence> build(Map<String, String> facts) {
        Optional<String> repository = fact(facts, "source_repository")
                .or(() -> fact(facts, "source_uri"))
                .map(AttestationSummary::repositoryName);
        if (repository.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ref = fact(facts, "source_ref");
        Optional<String> builder = fact(facts, "builder_id").map(AttestationSummary::builderName);
        if (ref.isPresent() && builder.isPresent()) {
            return Optional.of(new Sentence(BUILT_AT_BY, List.of(repository.get(), ref.get(), builder.get())));
        }
        if (ref.isPresent()) {
            return Optional.of(new Sentence(BUILT_AT, List.of(repository.get(), ref.get())));
        }
        return Optional.of(builder.map(b -> new Sentence(BUILT_BY, List.of(repository.get(), b)))
                .orElse(new Sentence(BUILT, List.of(repository.get()))));
    }

    /**
     * The provenance of other sources whose subjects include {@code digest}: the running code is what they built. The
     * digests are compared exactly, member by member, as the policy's {@code same} rule compares a fact with a list
     * fact; a source's own provenance never counts, and provenance that does not say where it was built from says
     * nothing a person could check.
     */
    private static List<Sentence> buildsOf(
            String digest, String runtimeSource, Map<String, Map<String, String>> bySource) {
        List<Sentence> sentences = new ArrayList<>();
        bySource.forEach((source, facts) -> {
            if (source.equals(runtimeSource)) {
                return;
            }
            boolean subject = fact(facts, "subject_digests")
                    .map(digests -> List.of(digests.split(",", -1)).contains(digest))
                    .orElse(false);
            Optional<String> repository = fact(facts, "source_repository")
                    .or(() -> fact(facts, "source_uri"))
                    .map(AttestationSummary::repositoryName);
            if (subject && repository.isPresent()) {
                sentences.add(fact(facts, "source_commit")
                        .map(commit -> new Sentence(
                                RUNS_BUILD_AT,
                                List.of(
                                        repository.get(),
                                        commit.substring(0, Math.min(COMMIT_SHOWN, commit.length())))))
                        .orElse(new Sentence(RUNS_BUILD, List.of(repository.get()))));
            }
        });
        return sentences;
    }

    private static Optional<Sentence> kubernetes(Map<String, String> facts) {
        return fact(facts, "namespace")
                .map(namespace -> fact(facts, "service_account")
                        .map(account -> new Sentence(KUBERNETES_AS, List.of(namespace, account)))
                        .orElse(new Sentence(KUBERNETES, List.of(namespace))));
    }

    private static Optional<String> fact(Map<String, String> facts, String name) {
        return Optional.ofNullable(facts.get(name));
    }

    /** {@code git+https://github.com/acme/agent.git@refs/heads/main} → {@code github.com/acme/agent}. */
    static String repositoryName(String repository) {
        String name = repository;
        if (name.startsWith("git+")) {
            name = name.substring(4);
        }
        int scheme = name.indexOf("://");
        if (scheme > 0) {
            name = name.substring(scheme + 3);
        }
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.isEmpty() ? repository : name;
    }

    /**
     * The build platform a SLSA {@code builder.id} names, for the platforms whose ids are well known; any other id is
     * shown as it is.
     */
    static String builderName(String builderId) {
        String id = builderId.toLowerCase(java.util.Locale.ROOT);
        if (id.startsWith("https://github.com/actions/") || id.startsWith("https://github.com/slsa-framework/")) {
            return "GitHub Actions";
        }
        if (id.startsWith("https://gitlab.com/")) {
            return "GitLab CI/CD";
        }
        if (id.startsWith("https://cloudbuild.googleapis.com/")) {
            return "Google Cloud Build";
        }
        return builderId;
    }

    private static String issuerName(String issuer) {
        return switch (issuer) {
            case "https://token.actions.githubusercontent.com" -> "GitHub Actions";
            case "https://gitlab.com" -> "GitLab CI/CD";
            default -> issuer;
        };
    }
}
