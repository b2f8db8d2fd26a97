package dev.agentgrant.keycloak.approval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lifetime the human may pick on the consent page: the requested one or a shorter one from a fixed ladder
 * (never longer — the server enforces approved ≤ requested, the page only offers it).
 *
 * @param amount and {@code unit} (minutes, hours, days) say it the way a person reads it; the requested lifetime is
 *               shown in the largest unit that divides it, falling back to minutes and then seconds
 */
public record LifetimeOption(long seconds, long amount, String unit, boolean selected) {

    private static final List<Duration> LADDER = List.of(
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4),
            Duration.ofHours(8),
            Duration.ofDays(1),
            Duration.ofDays(7));

    /** The options for a request, shortest first, the requested lifetime last and selected. */
    public static List<LifetimeOption> forRequested(Duration requested) {
        List<LifetimeOption> options = new ArrayList<>();
        for (Duration step : LADDER) {
            if (step.compareTo(requested) < 0) {
                options.add(of(step, false));
            }
        }
        options.add(of(requested, true));
        return options;
    }

    static LifetimeOption of(Duration lifetime, boolean selected) {
        long seconds = lifetime.getSeconds();
        if (seconds % 86_400 == 0) {
            return new LifetimeOption(seconds, seconds / 86_400, "days", selected);
        }
        if (seconds % 3_600 == 0) {
            return new LifetimeOption(seconds, seconds / 3_600, "hours", selected);
        }
        if (seconds % 60 == 0) {
            return new LifetimeOption(seconds, seconds / 60, "minutes", selected);
        }
        return new LifetimeOption(seconds, seconds, "seconds", selected);
    }
}
