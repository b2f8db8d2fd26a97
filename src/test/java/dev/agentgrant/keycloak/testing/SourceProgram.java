package dev.agentgrant.keycloak.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the single-file programs of {@code tools/} running as its users start it: {@code java <file>.java …}
 * (JEP 330) from the project root, in a process of its own, on the JDK that runs the tests. Standard output and
 * standard error are kept, merged, line by line, so a test can wait for a line and read everything afterwards.
 * {@link #close()} ends the process if it still runs.
 */
public final class SourceProgram implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private SourceProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::read, name + "-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code java <source> <args>} from the project root; {@code source} is relative to it. */
    public static SourceProgram start(String source, String... args) {
        Path root = HarnessSettings.fromSystemProperties().projectDirectory();
        if (!Files.isRegularFile(root.resolve(source))) {
            throw new IllegalStateException("No " + source + " under the project root " + root);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: these programs compile themselves on launch and run briefly; full JIT is wasted time.
                "-XX:TieredStopAtLevel=1",
                source));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            return new SourceProgram(Path.of(source).getFileName().toString(), process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended and its pipe closed
        }
    }

    /** The first line, so far or within {@code timeout}, that {@code pattern} finds something in. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        synchronized (lines) {
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher matcher = pattern.matcher(lines.get(next));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError(name + " printed no line matching " + pattern + " within " + timeout
                            + (process.isAlive() ? "" : " (it ended with exit code " + process.exitValue() + ")")
                            + ". Its output:\n" + output());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.SECONDS.toNanos(1)))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Waits for the program to end by itself; its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not end within " + timeout + ". Its output so far:\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the program printed so far, one line per line. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
