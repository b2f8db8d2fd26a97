package dev.agentgrant.keycloak.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSL command line, for tests that need keys, certificates and signatures made by a tool other than the
 * extension. It is a test prerequisite (.ci/run installs it): without it the test fails with a message saying
 * so, it is never skipped.
 */
public final class OpensslCli {

    private static final long TIMEOUT_SECONDS = 60;

    private OpensslCli() {}

    /** Runs {@code openssl args…} in {@code directory}; fails the test unless it exits 0. */
    public static void run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("The OpenSSL command line is required by this test and could not be started (" + e.getMessage()
                    + "): install openssl (e.g. apt-get install openssl) and put it on the PATH");
            return;
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                fail("openssl " + String.join(" ", args) + " exited " + process.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            fail("Cannot read the output of openssl " + String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted while running openssl");
        }
    }
}
