package dev.agentgrant.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code kc.sh} process of an installed Keycloak home, with its output in a log file. Stopping sends
 * SIGTERM (kc.sh forwards it to the server, which shuts down gracefully) and escalates only after a grace
 * period, so the database and cluster view are left clean.
 */
public final class KeycloakProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(45);
    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path home;
    private final Path logFile;
    private Process process;

    /** A process whose output goes to {@code logFile}; {@code null} sends it to this JVM's console instead. */
    public KeycloakProcess(String name, Path home, Path logFile) {
        this.name = name;
        this.home = home;
        this.logFile = logFile;
    }

    /** Blocks until the server process ends (e.g. after Ctrl-C); returns its exit code. */
    public int awaitExit() throws InterruptedException {
        Process running = process;
        return running == null ? 0 : running.waitFor();
    }

    /** Runs {@code kc.sh args} to completion (e.g. {@code build}); fails with the log tail on a non-zero exit. */
    public void runToCompletion(List<String> args, Map<String, String> environment, Duration timeout) {
        Process build = launch(args, environment);
        try {
            if (!build.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                destroyTree(build);
                throw new IllegalStateException(
                        name + ": kc.sh " + args + " did not finish in " + timeout + "\n" + tail(60));
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException(
                        name + ": kc.sh " + args + " exited " + build.exitValue() + "\n" + tail(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(build);
            throw new IllegalStateException(name + ": interrupted", e);
        }
    }

    /** Starts {@code kc.sh args} and waits until {@code readiness} answers 200. */
    public void start(List<String> args, Map<String, String> environment, URI readiness, Duration timeout) {
        process = launch(args, environment);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + ": Keycloak exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + "\n" + tail(80));
            }
            if (answersOk(readiness)) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException(
                name + ": Keycloak not ready within " + timeout + "; log " + logFile + "\n" + tail(80));
    }

    /** The running process, for tools that inspect it (jcmd). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The last {@code lines} lines of the server log. */
    public String tail(int lines) {
        return LogTail.of(logFile, lines);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        Process running = process;
        process = null;
        running.destroy();
        try {
            if (!running.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                destroyTree(running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(running);
        }
    }

    private Process launch(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add("/bin/bash");
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (logFile == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        // Run Keycloak on the JDK that runs the tests, whatever JAVA_HOME the shell had.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        try {
            if (logFile != null) {
                Files.createDirectories(logFile.getParent());
                Files.writeString(
                        logFile,
                        "### " + name + ": kc.sh " + String.join(" ", args) + System.lineSeparator(),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot start kc.sh", e);
        }
    }

    private static boolean answersOk(URI uri) {
        try {
            HttpResponse<Void> response = PROBE.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
