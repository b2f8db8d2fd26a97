package dev.agentgrant.keycloak.attestation.source;

import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.keycloak.support.Sha256;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Null-safe, typed reads of an attestation source's component configuration (what the admin typed), with the
 * defaults in one place. Every read that fails adds a problem to {@link ConfigProblems} and returns a harmless
 * value, so validation reports all problems at once.
 */
public final class SourceConfig {

    private static final Duration MAX_MAX_AGE = Duration.ofDays(400);

    private final Map<String, List<String>> config;
    private final ConfigProblems problems;

    public SourceConfig(Map<String, List<String>> config, ConfigProblems problems) {
        this.config = config == null ? Map.of() : config;
        this.problems = problems;
    }

    public ConfigProblems problems() {
        return problems;
    }

    /** The alias agents use: the component name. Lowercase, digits, '.', '-', '_'; at most 64 characters. */
    public String alias(String name) {
        if (name == null || !WireContract.SOURCE_ALIAS.matcher(name).matches()) {
            problems.add(
                    "name (the source alias) must be 1–64 characters of a-z, 0-9, '.', '-', '_', starting with a letter or digit");
            return "";
        }
        return name;
    }

    public Optional<String> optional(String key) {
        List<String> values = config.get(key);
        if (values == null
                || values.isEmpty()
                || values.get(0) == null
                || values.get(0).isBlank()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            problems.add(key + " takes one value, got " + values.size());
        }
        return Optional.of(values.get(0).trim());
    }

    public String required(String key) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            problems.add(key + " is required");
            return "";
        }
        return value.get();
    }

    /** A duration as ISO-8601 ({@code PT10M}) or whole seconds ({@code 600}), within (0, 400 days]. */
    public Duration duration(String key, Duration fallback) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = value.get().chars().allMatch(Character::isDigit)
                    ? Duration.ofSeconds(Long.parseLong(value.get()))
                    : Duration.parse(value.get());
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add(key + " must be an ISO-8601 duration (PT10M) or seconds, got '" + value.get() + "'");
            return fallback;
        }
        if (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_MAX_AGE) > 0) {
            problems.add(key + " must be positive and at most " + MAX_MAX_AGE.toDays() + " days");
            return fallback;
        }
        return duration;
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number < min || number > max) {
                problems.add(key + " must be between " + min + " and " + max);
                return fallback;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number, got '" + value.get() + "'");
            return fallback;
        }
    }

    /** Every value of a multi-valued option; Keycloak's admin UI also sends them as one '##'-joined value. */
    public List<String> list(String key) {
        List<String> values = config.get(key);
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .filter(v -> v != null && !v.isBlank())
                .flatMap(v -> Arrays.stream(v.split("##|,")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /** The accepted JWS algorithms, each one the verifier supports; defaults when unset. */
    public Set<JWSAlgorithm> algorithms(String key, Set<JWSAlgorithm> supported, Set<JWSAlgorithm> defaults) {
        List<String> names = list(key);
        if (names.isEmpty()) {
            return defaults;
        }
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!supported.contains(algorithm)) {
                problems.add(key + ": " + name + " is not accepted here; choose from "
                        + supported.stream().map(JWSAlgorithm::getName).sorted().toList());
            } else {
                algorithms.add(algorithm);
            }
        }
        return algorithms;
    }

    /** SHA-256 over the sorted configuration and the alias: changes whenever anything an admin typed changes. */
    public static String version(String alias, String providerId, Map<String, List<String>> config) {
        StringBuilder canonical =
                new StringBuilder(providerId).append('\n').append(alias).append('\n');
        new TreeMap<>(config == null ? Map.<String, List<String>>of() : config)
                .forEach((key, values) -> canonical
                        .append(key)
                        .append('=')
                        .append(String.join("\u0000", values))
                        .append('\n'));
        return Sha256.base64Url(canonical.toString());
    }
}
