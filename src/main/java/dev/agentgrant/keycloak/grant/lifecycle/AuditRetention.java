package dev.agentgrant.keycloak.grant.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a realm keeps its audit records: the realm attribute {@value #ATTRIBUTE}, a whole number of days
 * ({@code 400}) or a number with a unit {@code d}, {@code h}, {@code m} or {@code s} ({@code 90d}, {@code 36h}). Unset
 * or blank means {@link #DEFAULT}. A value that does not read is no retention at all: the realm's records are kept and
 * the server log says why — deleting by a misread value could remove records an admin meant to keep.
 */
public final class AuditRetention {

    public static final String ATTRIBUTE = "agent-grant.audit-retention";
    public static final Duration DEFAULT = Duration.ofDays(400);
    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofDays(36_500);
    private static final Pattern VALUE = Pattern.compile("([0-9]{1,9})([dhms]?)");

    /** What the attribute says: a retention, or why it could not be read. */
    public record Setting(Optional<Duration> retention, Optional<String> problem) {
        static Setting of(Duration retention) {
            return new Setting(Optional.of(retention), Optional.empty());
        }

        static Setting unreadable(String problem) {
            return new Setting(Optional.empty(), Optional.of(problem));
        }
    }

    private AuditRetention() {}

    public static Setting read(String value) {
        if (value == null || value.isBlank()) {
            return Setting.of(DEFAULT);
        }
        Matcher matcher = VALUE.matcher(value.trim());
        if (!matcher.matches()) {
            return Setting.unreadable("'" + value + "' is not a number of days or a number with the unit d, h, m or s");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration retention = switch (matcher.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofDays(amount);
        };
        if (retention.compareTo(MIN) < 0 || retention.compareTo(MAX) > 0) {
            return Setting.unreadable("'" + value + "' is outside 1 second to 36500 days");
        }
        return Setting.of(retention);
    }

    /** Records made before this instant (epoch milliseconds) are past their retention. */
    public static long cutoff(Instant now, Duration retention) {
        return now.minus(retention).toEpochMilli();
    }

    /**
     * Deletion in bounded batches: at most {@link #BATCH} records per transaction, so no transaction holds many locks
     * or a long undo log, and at most {@link #MAX_PER_RUN} per cleanup run over all realms, so a large backlog is worked
     * off over several runs instead of one long one.
     */
    public static final class Plan {

        public static final int BATCH = 500;
        public static final int MAX_PER_RUN = 10_000;

        private final int maxPerRun;
        private final int batch;
        private int removed;

        public Plan() {
            this(BATCH, MAX_PER_RUN);
        }

        Plan(int batch, int maxPerRun) {
            this.batch = batch;
            this.maxPerRun = maxPerRun;
        }

        /** How many records the next batch may delete; 0 when this run's budget is spent. */
        public int nextBatch() {
            return Math.min(batch, maxPerRun - removed);
        }

        /**
         * Notes a batch's result; answers whether the realm may have more to delete (the batch came back full) and the
         * run still has budget for it.
         */
        public boolean deleted(int asked, int count) {
            removed += count;
            return count == asked && !exhausted();
        }

        public int removed() {
            return removed;
        }

        /**
         * Runs {@code batch} (asked for at most {@link #nextBatch()} each time, answering how many it removed) until one
         * comes back short or the run's budget is spent; answers how many batches ran.
         */
        public int drain(IntUnaryOperator batch) {
            int batches = 0;
            boolean more = true;
            while (more) {
                int asked = nextBatch();
                if (asked <= 0) {
                    break;
                }
                batches++;
                more = deleted(asked, batch.applyAsInt(asked));
            }
            return batches;
        }

        /** The run's budget is spent; the rest waits for the next run. */
        public boolean exhausted() {
            return nextBatch() <= 0;
        }
    }
}
