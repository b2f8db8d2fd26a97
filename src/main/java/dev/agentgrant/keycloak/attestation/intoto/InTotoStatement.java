package dev.agentgrant.keycloak.attestation.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An in-toto Statement v1 (in-toto Attestation Framework, spec/v1/statement.md), read from a verified DSSE
 * payload:
 * <ul>
 *   <li>{@code _type} is exactly {@value #TYPE}; v0.1 statements and anything else are refused;</li>
 *   <li>{@code subject} holds 1 to {@value #MAX_SUBJECTS} resource descriptors, each with a {@code digest};
 *       only {@code sha256}, {@code sha384} and {@code sha512} are accepted digests (digest_set.md: consumers
 *       "MUST only accept algorithms that they consider secure and MUST ignore unrecognized or unaccepted
 *       algorithms"), their values lowercase hex of the algorithm's length. A subject without an accepted digest
 *       — e.g. only {@code sha1} or {@code md5} — refuses the whole statement ({@code weak_digest}), so adding
 *       subjects can never help a statement pass (docs/attestation.md, "Policies": evaluation is monotonic);</li>
 *   <li>a subject {@code name}, when present, is a string of at most 1024 characters without commas or control
 *       characters, because names are reported as one comma-separated fact;</li>
 *   <li>{@code predicateType} is one the source accepts; {@code predicate}, optional, is an object.</li>
 * </ul>
 * Other members are ignored, as the framework's parsing rules require.
 */
public final class InTotoStatement {

    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final int MAX_SUBJECTS = 64;
    /** Deep enough for real SLSA provenance, shallow enough to read without risk. */
    private static final int MAX_DEPTH = 32;

    private static final StrictJson JSON = new StrictJson(DsseEnvelope.MAX_PAYLOAD_BYTES, MAX_DEPTH);
    private static final Map<String, Integer> ACCEPTED_DIGESTS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");
    private static final int MAX_NAME_LENGTH = 1_024;

    /**
     * @param name the subject's name, if it has one
     * @param digests its accepted digests, algorithm to lowercase hex
     */
    public record Subject(Optional<String> name, SortedMap<String, String> digests) {

        public Subject {
            digests = Collections.unmodifiableSortedMap(new TreeMap<>(digests));
        }
    }

    private final List<Subject> subjects;
    private final String predicateType;
    private final JsonNode predicate;

    private InTotoStatement(List<Subject> subjects, String predicateType, JsonNode predicate) {
        this.subjects = List.copyOf(subjects);
        this.predicateType = predicateType;
        this.predicate = predicate;
    }

    public static InTotoStatement parse(byte[] payload, Set<String> acceptedPredicateTypes) throws EvidenceRejected {
        JsonNode statement = JSON.parseObject(utf8(payload), "in-toto statement");
        JsonNode type = statement.get("_type");
        if (type == null || !type.isTextual() || !TYPE.equals(type.textValue())) {
            throw new EvidenceRejected(
                    "wrong_statement_type",
                    "Statement _type is " + (type == null ? "missing" : type.toString()) + ", expected " + TYPE);
        }
        List<Subject> subjects = subjects(statement.get("subject"));
        JsonNode predicateType = statement.get("predicateType");
        if (predicateType == null
                || !predicateType.isTextual()
                || !acceptedPredicateTypes.contains(predicateType.textValue())) {
            throw new EvidenceRejected(
                    "unexpected_predicate_type",
                    "Statement predicateType "
                            + (predicateType == null
                                    ? "is missing"
                                    : predicateType + " is not accepted by this source"));
        }
        JsonNode predicate = statement.get("predicate");
        if (predicate != null && !predicate.isObject() && !predicate.isNull()) {
            throw new EvidenceRejected("invalid_statement", "Statement predicate is not an object");
        }
        return new InTotoStatement(
                subjects, predicateType.textValue(), predicate == null || predicate.isNull() ? null : predicate);
    }

    private static String utf8(byte[] payload) throws EvidenceRejected {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EvidenceRejected("malformed", "DSSE payload is not UTF-8");
        }
    }

    private static List<Subject> subjects(JsonNode subject) throws EvidenceRejected {
        if (subject == null || !subject.isArray() || subject.isEmpty()) {
            throw new EvidenceRejected("invalid_statement", "Statement subject is missing, empty or not an array");
        }
        if (subject.size() > MAX_SUBJECTS) {
            throw new EvidenceRejected(
                    "too_many_subjects",
                    "Statement has " + subject.size() + " subjects, at most " + MAX_SUBJECTS + " are read");
        }
        List<Subject> subjects = new ArrayList<>(subject.size());
        for (JsonNode descriptor : subject) {
            if (!descriptor.isObject()) {
                throw new EvidenceRejected("invalid_statement", "A statement subject is not an object");
            }
            subjects.add(new Subject(name(descriptor.get("name")), digests(descriptor.get("digest"))));
        }
        return subjects;
    }

    private static Optional<String> name(JsonNode name) throws EvidenceRejected {
        if (name == null || name.isNull()) {
            return Optional.empty();
        }
        if (!name.isTextual()
                || name.textValue().isEmpty()
                || name.textValue().length() > MAX_NAME_LENGTH
                || name.textValue().chars().anyMatch(c -> c == ',' || Character.isISOControl(c))) {
            throw new EvidenceRejected(
                    "invalid_statement",
                    "A subject name is not a string of 1–" + MAX_NAME_LENGTH
                            + " characters without commas or control characters");
        }
        return Optional.of(name.textValue());
    }

    private static SortedMap<String, String> digests(JsonNode digest) throws EvidenceRejected {
        if (digest == null || !digest.isObject() || digest.isEmpty()) {
            throw new EvidenceRejected("invalid_statement", "A subject has no digest object");
        }
        SortedMap<String, String> accepted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : digest.properties()) {
            Integer length = ACCEPTED_DIGESTS.get(entry.getKey());
            if (length == null) {
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()
                    || value.textValue().length() != length
                    || !LOWER_HEX.matcher(value.textValue()).matches()) {
                throw new EvidenceRejected(
                        "invalid_statement",
                        "Subject digest " + entry.getKey() + " is not " + length + " lowercase hex characters");
            }
            accepted.put(entry.getKey(), value.textValue());
        }
        if (accepted.isEmpty()) {
            String found = String.join(
                    ", ", digest.properties().stream().map(Map.Entry::getKey).toList());
            throw new EvidenceRejected(
                    "weak_digest",
                    "A subject has no sha256, sha384 or sha512 digest (found: "
                            + (found.length() > 200 ? found.substring(0, 200) + "…" : found) + ")");
        }
        return accepted;
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public String predicateType() {
        return predicateType;
    }

    /** The predicate object, absent when the statement has none (in-toto: unset is the same as empty). */
    Optional<JsonNode> predicate() {
        return Optional.ofNullable(predicate);
    }
}
