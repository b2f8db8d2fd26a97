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
 * One of the demo tools (docs/walkthrough.md) running as its users start it, in a process of its own from the
 * project root, on the JDK that runs the tests: {@link #startJar} runs {@code java -jar target/agent-grant-demo-tools.jar
 * <tool> …} exactly as documented (integration tests, after {@code package}); {@link #start} runs the same main class
 * from this JVM's class path (unit tests, before the jar exists). Standard output and standard error are kept,
 * merged, line by line, so a test can wait for a line and read everything afterwards. {@link #close()} ends the
 * process if it still runs.
 */
public final class ToolProgram implements AutoCloseable {

    /** The jar {@code package} builds, relative to the project root. */
    public static final String JAR = "target/agent-grant-demo-tools.jar";

    private static final String MAIN_CLASS = "dev.agentgrant.demo.DemoTools";

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ToolProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::read, name + "-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** {@code java -cp <this JVM's class path> dev.agentgrant.demo.DemoTools <tool> <args>} from the project root. */
    public static ToolProgram start(String tool, String... args) {
        return launch(tool, List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS), args);
    }

    /** {@code java -jar target/agent-grant-demo-tools.jar <tool> <args>} from the project root, as the walkthrough says. */
    public static ToolProgram startJar(String tool, String... args) {
        Path root = HarnessSettings.fromSystemProperties().projectDirectory();
        if (!Files.isRegularFile(root.resolve(JAR))) {
            throw new IllegalStateException("No " + JAR + " under the project root " + root + ": run ./mvnw package");
        }
        return launch(tool, List.of("-jar", JAR), args);
    }

    private static ToolProgram launch(String tool, List<String> program, String... args) {
        Path root = HarnessSettings.fromSystemProperties().projectDirectory();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: these programs run briefly; full JIT is wasted time.
                "-XX:TieredStopAtLevel=1"));
        command.addAll(program);
        command.add(tool);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            return new ToolProgram(tool, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
