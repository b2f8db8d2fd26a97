package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.testing.DistributionInstaller;
import dev.agentgrant.keycloak.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the run's own: a fresh cluster ({@code initdb}) in a temporary directory, on a free loopback
 * port, started and stopped with {@code pg_ctl}. The experiment stops this one; no other server of the machine is ever
 * touched. PostgreSQL refuses to run as root, so under root every command runs as the {@code postgres} system user,
 * which then owns the directory.
 */
final class OwnPostgres implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private OwnPostgres(Path bin, Path directory, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("postgres.log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** {@code initdb} (superuser {@code postgres}, trust on loopback) and the first start. */
    static OwnPostgres start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory;
        try {
            directory = Files.createTempDirectory("agent-grant-chaos-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OwnPostgres postgres = new OwnPostgres(bin, directory, new FreePorts().next(), root);
        if (root) {
            postgres.run(List.of("chown", "postgres:postgres", directory.toString()), false);
        }
        postgres.run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        postgres.data.toString(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--no-instructions"),
                true);
        postgres.startServer();
        return postgres;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return log;
    }

    /** Like a crash of the database server: {@code pg_ctl stop -m immediate} (no checkpoint, clients cut off). */
    void crash() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        running = false;
    }

    /** Starts the server again on the same directory and port (crash recovery replays the WAL). */
    void startServer() {
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        log.toString(),
                        "-w",
                        "-o",
                        "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=200",
                        "start"),
                true);
        running = true;
    }

    @Override
    public synchronized void close() {
        try {
            if (running) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
                running = false;
            }
        } finally {
            DistributionInstaller.deleteRecursively(directory);
        }
    }

    private void run(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Path output = Files.createTempFile("agent-grant-chaos-pg-cmd-", ".log");
            try {
                Process process = new ProcessBuilder(full)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(full + " did not finish in " + COMMAND_TIMEOUT);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(
                            full + " exited " + process.exitValue() + ":\n" + Files.readString(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL of this run at 127.0.0.1:" + port + " (" + directory + ")";
    }
}
