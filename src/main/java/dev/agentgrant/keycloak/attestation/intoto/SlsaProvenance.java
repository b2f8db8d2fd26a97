package dev.agentgrant.keycloak.attestation.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The facts this extension reads from a SLSA Provenance v1 predicate (slsa.dev/spec/v1.0/provenance). Required,
 * as in the specification: {@code buildDefinition.buildType}, {@code buildDefinition.externalParameters} (an
 * object) and {@code runDetails.builder.id}. Read when present:
 * <ul>
 *   <li>source repository and ref from one of two {@code externalParameters} shapes, in this order:
 *       {@code workflow.repository} / {@code workflow.ref} (the GitHub Actions build type,
 *       https://actions.github.io/buildtypes/workflow/v1) or {@code source.uri} / {@code source.ref}; other
 *       build types' parameters are not interpreted;</li>
 *   <li>the first {@code resolvedDependencies} entry's {@code uri} and its {@code gitCommit} (else {@code sha1})
 *       digest, which build types such as GitHub Actions use for the source checkout;</li>
 *   <li>{@code runDetails.metadata.startedOn} / {@code finishedOn}, RFC 3339 timestamps.</li>
 * </ul>
 * A member this class reads that has the wrong type or form refuses the predicate ({@code invalid_provenance});
 * members it does not read are ignored.
 */
public final class SlsaProvenance {

    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

    private static final int MAX_VALUE_LENGTH = 2_048;
    /** digest_set.md: gitCommit is the SHA-1 (40) or SHA-256 (64) object id in lowercase hex. */
    private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    private final String builderId;
    private final String buildType;
    private final Source source;
    private final Optional<Instant> startedOn;
    private final Optional<Instant> finishedOn;

    /** Where the build's source came from: the workflow's or source's repository and ref, the first dependency. */
    private record Source(
            Optional<String> repository, Optional<String> ref, Optional<String> uri, Optional<String> digest) {}

    private SlsaProvenance(
            String builderId,
            String buildType,
            Source source,
            Optional<Instant> startedOn,
            Optional<Instant> finishedOn) {
        this.builderId = builderId;
        this.buildType = buildType;
        this.source = source;
        this.startedOn = startedOn;
        this.finishedOn = finishedOn;
    }

    static SlsaProvenance from(Optional<JsonNode> predicate) throws EvidenceRejected {
        JsonNode root = predicate.orElseThrow(
                () -> new EvidenceRejected("invalid_provenance", "SLSA provenance has no predicate"));
        JsonNode buildDefinition = requiredObject(root, "buildDefinition");
        JsonNode externalParameters = requiredObject(buildDefinition, "externalParameters");
        JsonNode runDetails = requiredObject(root, "runDetails");
        String builderId = requiredString(requiredObject(runDetails, "builder"), "id");
        String buildType = requiredString(buildDefinition, "buildType");

        Optional<String> repository = Optional.empty();
        Optional<String> ref = Optional.empty();
        // Other build types may use these names for other shapes (a source URI string, say): not ours to read.
        JsonNode workflow = externalParameters.get("workflow");
        JsonNode source = externalParameters.get("source");
        if (workflow != null && workflow.isObject()) {
            repository = optionalString(workflow, "repository");
            ref = optionalString(workflow, "ref");
        } else if (source != null && source.isObject()) {
            repository = optionalString(source, "uri");
            ref = optionalString(source, "ref");
        }

        Optional<String> dependencyUri = Optional.empty();
        Optional<String> dependencyDigest = Optional.empty();
        JsonNode dependencies = buildDefinition.get("resolvedDependencies");
        if (dependencies != null && !dependencies.isNull()) {
            if (!dependencies.isArray()) {
                throw new EvidenceRejected("invalid_provenance", "resolvedDependencies is not an array");
            }
            if (!dependencies.isEmpty()) {
                JsonNode first = dependencies.get(0);
                if (!first.isObject()) {
                    throw new EvidenceRejected("invalid_provenance", "A resolvedDependencies entry is not an object");
                }
                dependencyUri = optionalString(first, "uri");
                dependencyDigest = gitDigest(optionalObject(first, "digest"));
            }
        }

        JsonNode metadata = optionalObject(runDetails, "metadata");
        Optional<Instant> startedOn = metadata == null ? Optional.empty() : optionalTime(metadata, "startedOn");
        Optional<Instant> finishedOn = metadata == null ? Optional.empty() : optionalTime(metadata, "finishedOn");
        if (startedOn.isPresent() && finishedOn.isPresent() && finishedOn.get().isBefore(startedOn.get())) {
            throw new EvidenceRejected("invalid_provenance", "SLSA build finishedOn lies before startedOn");
        }
        return new SlsaProvenance(
                builderId,
                buildType,
                new Source(repository, ref, dependencyUri, dependencyDigest),
                startedOn,
                finishedOn);
    }

    private static Optional<String> gitDigest(JsonNode digest) throws EvidenceRejected {
        if (digest == null) {
            return Optional.empty();
        }
        Optional<String> gitCommit = optionalString(digest, "gitCommit");
        if (gitCommit.isPresent()) {
            return Optional.of("gitCommit:" + matching(gitCommit.get(), GIT_COMMIT, "gitCommit"));
        }
        Optional<String> sha1 = optionalString(digest, "sha1");
        if (sha1.isPresent()) {
            return Optional.of("sha1:" + matching(sha1.get(), SHA1, "sha1"));
        }
        return Optional.empty();
    }

    private static String matching(String value, Pattern pattern, String name) throws EvidenceRejected {
        if (!pattern.matcher(value).matches()) {
            throw new EvidenceRejected(
                    "invalid_provenance",
                    "resolvedDependencies " + name + " digest is not lowercase hex of the right length");
        }
        return value;
    }

    private static JsonNode requiredObject(JsonNode parent, String name) throws EvidenceRejected {
        JsonNode value = optionalObject(parent, name);
        if (value == null) {
            throw new EvidenceRejected("invalid_provenance", "SLSA provenance lacks the object " + name);
        }
        return value;
    }

    private static JsonNode optionalObject(JsonNode parent, String name) throws EvidenceRejected {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new EvidenceRejected("invalid_provenance", "SLSA provenance member " + name + " is not an object");
        }
        return value;
    }

    private static String requiredString(JsonNode parent, String name) throws EvidenceRejected {
        return optionalString(parent, name)
                .orElseThrow(
                        () -> new EvidenceRejected("invalid_provenance", "SLSA provenance lacks the string " + name));
    }

    private static Optional<String> optionalString(JsonNode parent, String name) throws EvidenceRejected {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()
                || value.textValue().isEmpty()
                || value.textValue().length() > MAX_VALUE_LENGTH
                || value.textValue().chars().anyMatch(Character::isISOControl)) {
            throw new EvidenceRejected(
                    "invalid_provenance",
                    "SLSA provenance member " + name + " is not a string of 1–" + MAX_VALUE_LENGTH
                            + " characters without control characters");
        }
        return Optional.of(value.textValue());
    }

    /** SLSA v1 "Timestamp": RFC 3339, with an offset or Z. */
    private static Optional<Instant> optionalTime(JsonNode parent, String name) throws EvidenceRejected {
        Optional<String> text = optionalString(parent, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            throw new EvidenceRejected(
                    "invalid_provenance", "SLSA provenance " + name + " is not an RFC 3339 timestamp");
        }
    }

    public String builderId() {
        return builderId;
    }

    public String buildType() {
        return buildType;
    }

    public Optional<String> sourceRepository() {
        return source.repository();
    }

    public Optional<String> sourceRef() {
        return source.ref();
    }

    /** The first resolved dependency's URI. */
    public Optional<String> sourceUri() {
        return source.uri();
    }

    /** The first resolved dependency's digest as {@code gitCommit:<hex>} or {@code sha1:<hex>}. */
    public Optional<String> sourceDigest() {
        return source.digest();
    }

    public Optional<Instant> startedOn() {
        return startedOn;
    }

    public Optional<Instant> finishedOn() {
        return finishedOn;
    }
}
