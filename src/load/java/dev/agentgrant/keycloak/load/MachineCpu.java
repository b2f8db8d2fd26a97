package dev.agentgrant.keycloak.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU goes while a scenario runs, from Linux's {@code /proc} accounting: the Keycloak server (the
 * processes this JVM started), the PostgreSQL backends serving its database, this load driver, and the rest of the
 * machine (other work on shared cores). Counted in clock ticks; on anything but Linux every reading is zero.
 */
public final class MachineCpu {

    /** Whose CPU. */
    enum Part {
        KEYCLOAK("Keycloak server"),
        DATABASE("PostgreSQL backends of its database"),
        DRIVER("load driver"),
        REST("rest of the machine");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    /** Linux's USER_HZ, the unit of {@code /proc} CPU times, on every mainstream architecture. */
    static final int TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");

    private final String databaseName;

    /** @param databaseName the server's database, as PostgreSQL shows it in each backend's command line */
    public MachineCpu(String databaseName) {
        this.databaseName = databaseName;
    }

    /** CPU ticks used so far, by part; {@link Part#REST} is the machine's busy time not in the other parts. */
    Map<Part, Long> snapshot() {
        Map<Part, Long> ticks = new EnumMap<>(Part.class);
        long keycloak = ProcessHandle.current()
                .descendants()
                .mapToLong(p -> processTicks(p.pid()))
                .sum();
        long driver = processTicks(ProcessHandle.current().pid());
        long database = databaseBackends().mapToLong(MachineCpu::processTicks).sum();
        ticks.put(Part.KEYCLOAK, keycloak);
        ticks.put(Part.DATABASE, database);
        ticks.put(Part.DRIVER, driver);
        ticks.put(Part.REST, Math.max(0, machineBusyTicks() - keycloak - database - driver));
        return ticks;
    }

    /** {@code after − before}, part by part. */
    static Map<Part, Long> difference(Map<Part, Long> before, Map<Part, Long> after) {
        Map<Part, Long> difference = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            difference.put(part, after.getOrDefault(part, 0L) - before.getOrDefault(part, 0L));
        }
        return difference;
    }

    private Stream<Long> databaseBackends() {
        String marker = " " + databaseName + " ";
        try (Stream<Path> entries = Files.list(PROC)) {
            List<Path> processes = entries.filter(
                            p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList();
            return processes.stream()
                    .filter(p -> {
                        String command = read(p.resolve("cmdline")).replace('\0', ' ');
                        return command.startsWith("postgres:") && command.contains(marker);
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()));
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /**
     * CPU time one process has used, in nanoseconds: {@code /proc/PID/schedstat}'s time on the CPU (sched(7)), else
     * utime + stime in clock ticks; -1 when the process cannot be read (gone, or in another PID namespace).
     */
    static long processCpuNanos(long pid) {
        String[] schedstat = read(PROC.resolve(Long.toString(pid)).resolve("schedstat"))
                .trim()
                .split(" ");
        if (schedstat.length >= 1 && !schedstat[0].isEmpty()) {
            return Long.parseLong(schedstat[0]);
        }
        if (!Files.exists(PROC.resolve(Long.toString(pid)))) {
            return -1;
        }
        return processTicks(pid) * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** utime + stime of one process (proc(5), fields 14 and 15, counted after the parenthesised command name). */
    private static long processTicks(long pid) {
        String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        return fields.length > 12 ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : 0;
    }

    /** The first line of /proc/stat: every CPU state but idle and iowait is busy. */
    private static long machineBusyTicks() {
        String[] fields = read(PROC.resolve("stat"))
                .lines()
                .findFirst()
                .orElse("cpu")
                .trim()
                .split("\\s+");
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
