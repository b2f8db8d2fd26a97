package dev.agentgrant.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lays out one Keycloak home per node from the unpacked distribution: the distribution's jars are hard-linked
 * (they are never written), everything else is copied; then the freshly built provider jars go into
 * {@code providers/} and the realm files into {@code data/import/}.
 */
public final class DistributionInstaller {

    private DistributionInstaller() {}

    /** A fresh copy of {@code distribution} at {@code home}; an existing {@code home} is replaced. */
    public static void install(Path distribution, Path home) {
        deleteRecursively(home);
        copyTree(distribution, home, true);
    }

    /** A copy of an already built node (e.g. after {@code kc.sh build}) for a second node. */
    public static void cloneNode(Path built, Path home) {
        deleteRecursively(home);
        copyTree(built, home, false);
    }

    /** Replaces the extension's jars in {@code home/providers} with those built now. */
    public static void deployProviders(Path providersDirectory, Path home) {
        Path providers = home.resolve("providers");
        try {
            Files.createDirectories(providers);
            try (Stream<Path> old = Files.list(providers)) {
                for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(jar);
                }
            }
            List<Path> jars = jarsIn(providersDirectory);
            if (jars.isEmpty()) {
                throw new IllegalStateException(
                        "No provider jars in " + providersDirectory + ": build the extension first (./mvnw package)");
            }
            for (Path jar : jars) {
                Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts every realm JSON of the given directories into {@code home/data/import}. */
    public static void stageRealmImports(List<Path> realmDirectories, Path home) {
        Path imports = home.resolve("data/import");
        try {
            Files.createDirectories(imports);
            for (Path realm : RealmFiles.in(realmDirectories)) {
                Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> jarsIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target, boolean linkDistributionJars) {
        Path libraries = source.resolve("lib/lib");
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path copy = target.resolve(source.relativize(file));
                    if (linkDistributionJars && file.startsWith(libraries)) {
                        try {
                            Files.createLink(copy, file);
                            return FileVisitResult.CONTINUE;
                        } catch (UnsupportedOperationException | IOException notLinkable) {
                            // Other file system or no hard links: fall back to a copy.
                        }
                    }
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
