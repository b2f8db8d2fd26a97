package dev.agentgrant.keycloak.load.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's heap after a full collection, read with the JDK's {@code jcmd}: {@code GC.run} (a System.gc(), a
 * full collection with G1), then {@code GC.heap_info}, whose first {@code used} is the heap in use after it.
 */
final class ServerHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path jcmd;

    private ServerHeap(long pid, Path jcmd) {
        this.pid = pid;
        this.jcmd = jcmd;
    }

    /** The JVM among {@code server}'s process and its descendants (kc.sh starts it). */
    static ServerHeap of(ProcessHandle server, Path javaHome) {
        ProcessHandle jvm = Stream.concat(Stream.of(server), server.descendants())
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/java"))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No JVM under process " + server.pid()));
        return new ServerHeap(jvm.pid(), javaHome.resolve("bin/jcmd"));
    }

    long pid() {
        return pid;
    }

    /** Kilobytes of heap in use right after a full collection. */
    long afterFullGcKb() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
