package dev.agentgrant.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The realm JSON files a server imports, and what they contain. */
public final class RealmFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealmFiles() {}

    /** Every {@code *.json} in the given directories (missing directories contribute nothing), in name order. */
    public static List<Path> in(List<Path> directories) {
        List<Path> realms = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .forEach(realms::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return realms;
    }

    public static JsonNode read(Path realmFile) {
        try {
            return JSON.readTree(realmFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read realm file " + realmFile, e);
        }
    }

    public static String realmName(Path realmFile) {
        return read(realmFile).path("realm").asText();
    }
}
