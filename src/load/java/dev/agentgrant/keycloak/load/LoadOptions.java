package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The benchmark's knobs, read from system properties ({@code ./mvnw -Pload -Dload.concurrency=16 ...}).
 *
 * @param concurrency virtual users, each sending its next request as soon as the previous one is answered
 * @param duration    measured time of each scenario in each round
 * @param warmup      unmeasured time of each scenario before the first round
 * @param rounds      how many times the three scenarios take turns
 * @param database    the database the server runs on
 * @param serverJava  the JDK the server runs on; empty for the one running the benchmark
 * @param grants      how many task grants the agent redeems, the virtual users spread over them (default: one each)
 * @param jfr         whether the server records a JFR profile, summarised after the run
 */
public record LoadOptions(
        int concurrency,
        Duration duration,
        Duration warmup,
        int rounds,
        int grants,
        Database database,
        Optional<Path> serverJava,
        boolean jfr) {

    public LoadOptions {
        if (concurrency < 1
                || rounds < 1
                || grants < 1
                || duration.isZero()
                || duration.isNegative()
                || warmup.isNegative()) {
            throw new IllegalArgumentException(
                    "load.concurrency, load.rounds and load.grants must be at least 1, load.duration "
                            + "positive and load.warmup not negative");
        }
    }

    public static LoadOptions fromSystemProperties() {
        int concurrency = Integer.getInteger("load.concurrency", 8);
        return new LoadOptions(
                concurrency,
                Duration.ofSeconds(Long.getLong("load.duration", 20)),
                Duration.ofSeconds(Long.getLong("load.warmup", 60)),
                Integer.getInteger("load.rounds", 3),
                Integer.getInteger("load.grants", concurrency),
                Database.byName(System.getProperty("load.db", "postgres")),
                Optional.ofNullable(System.getProperty("load.java"))
                        .filter(p -> !p.isBlank())
                        .map(Path::of),
                Boolean.getBoolean("load.jfr"));
    }

    @Override
    public String toString() {
        return concurrency + " virtual users, " + rounds + " rounds of " + duration.toSeconds() + " s per scenario"
                + " (after " + warmup.toSeconds() + " s of warm-up each), " + grants + " task grant"
                + (grants == 1 ? "" : "s")
                + ", on " + database.name().toLowerCase(java.util.Locale.ROOT);
    }
}
