package dev.agentgrant.keycloak.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What one scenario achieved over some measured time: answered tokens, errors, the latencies of the tokens
 * (microseconds), the CPU time of the machine's parts, and the wall-clock windows in which its load ran (to attribute
 * a server profile to it).
 */
public final class Sample {

    /** Latencies are kept up to the request timeout, with three significant digits. */
    static final long HIGHEST_MICROS = FormRequests.TIMEOUT.toMillis() * 1000;

    /** A window of load: from the first request sent to the last answer received. */
    record Window(Instant start, Instant end) {}

    private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    private final List<Window> windows = new ArrayList<>();
    private final Map<MachineCpu.Part, Long> cpuTicks = new EnumMap<>(MachineCpu.Part.class);
    private long errors;
    private long elapsedNanos;
    private String firstError;

    void recordToken(long latencyNanos) {
        latencies.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, latencyNanos / 1000)));
    }

    void recordError(String description) {
        errors++;
        if (firstError == null) {
            firstError = description;
        }
    }

    void addWindow(Instant start, Instant end, long elapsedNanos) {
        windows.add(new Window(start, end));
        this.elapsedNanos += elapsedNanos;
    }

    void addCpu(Map<MachineCpu.Part, Long> ticks) {
        ticks.forEach((part, count) -> cpuTicks.merge(part, count, Long::sum));
    }

    /** Adds everything {@code other} holds to this sample. */
    public void add(Sample other) {
        latencies.add(other.latencies);
        addCpu(other.cpuTicks);
        windows.addAll(other.windows);
        errors += other.errors;
        elapsedNanos += other.elapsedNanos;
        if (firstError == null) {
            firstError = other.firstError;
        }
    }

    public long tokens() {
        return latencies.getTotalCount();
    }

    public long errors() {
        return errors;
    }

    public Optional<String> firstError() {
        return Optional.ofNullable(firstError);
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Tokens per second of measured time. */
    public double throughput() {
        return elapsedNanos == 0 ? 0 : tokens() / seconds();
    }

    /** The latency at {@code percentile} (0–100), in milliseconds. */
    public double millisAt(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return latencies.getMaxValue() / 1000.0;
    }

    /** CPU time {@code part} used per token, in milliseconds. */
    double cpuMillisPerToken(MachineCpu.Part part) {
        return cpuTicks.getOrDefault(part, 0L) * 1000.0 / MachineCpu.TICKS_PER_SECOND / Math.max(1, tokens());
    }

    /** The share of the machine's CPU capacity {@code part} used over the measured time (0–1). */
    double machineShare(MachineCpu.Part part) {
        double capacity =
                seconds() * MachineCpu.TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
        return capacity == 0 ? 0 : cpuTicks.getOrDefault(part, 0L) / capacity;
    }

    List<Window> windows() {
        return List.copyOf(windows);
    }
}
