package dev.agentgrant.keycloak.attestation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attestation is the bottom layer: the agent profile, grants, the exchange and the admin tree use it, never the
 * other way round. What it needs to know of an agent it is given as values ({@code AgentIdentity}).
 */
class AttestationLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/agentgrant/keycloak/attestation");
    private static final Pattern EXTENSION_IMPORT = Pattern.compile("^import (?:static )?dev\\.agentgrant\\.keycloak\\.(\\w+)\\.",
            Pattern.MULTILINE);
    /** Its own classes, the shared support code, and the database's column limits. */
    private static final Set<String> ALLOWED = Set.of("attestation", "support", "storage");

    @Test
    void attestationImportsNothingOfTheWingsAboveIt() throws IOException {
        List<String> violations;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            violations = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(AttestationLayeringTest::wingsImported)
                    .toList();
        }
        assertThat(SOURCES).isDirectory();
        assertThat(violations).isEmpty();
    }

    private static Stream<String> wingsImported(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Matcher imports = EXTENSION_IMPORT.matcher(source);
        return imports.results().map(match -> match.group(1)).filter(wing -> !ALLOWED.contains(wing))
                .map(wing -> SOURCES.relativize(file) + " imports " + wing);
    }
}
