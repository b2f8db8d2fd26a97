package dev.agentgrant.keycloak.load.scale;

import java.time.Duration;

/**
 * The scale run's knobs ({@code ./mvnw -Pload -Dload.mode=scale -Dload.scale.grants=20000 …}); the load itself
 * (virtual users, measured time per scenario, warm-up, database) is {@code LoadOptions}'.
 *
 * @param cleanupInterval the server's {@code cleanup-interval} (seconds) during the whole run
 * @param cleanupLimit    the longest the cleanup phase runs before the run reports the backlog it left
 */
record ScaleOptions(ScaleData data, long cleanupInterval, Duration cleanupLimit) {

    static ScaleOptions fromSystemProperties() {
        int grants = positive("load.scale.grants", 1_000_000);
        return new ScaleOptions(
                new ScaleData(
                        grants,
                        positive("load.scale.persons", 100_000),
                        positive("load.scale.agents", 1_000),
                        positive("load.scale.audiences", 50),
                        Duration.ofDays(positive("load.scale.days", 90))),
                positive("load.scale.cleanup-interval", 1),
                Duration.ofSeconds(positive("load.scale.cleanup-limit", 1_800)));
    }

    private static int positive(String name, int fallback) {
        String value = System.getProperty(name, "");
        int parsed = value.isBlank() ? fallback : Integer.parseInt(value.trim());
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return parsed;
    }

    @Override
    public String toString() {
        return String.format(
                "%,d grants, %,d persons, %,d agents, %d audiences, requested over %d days; cleanup every %d s",
                data.grants(),
                data.persons(),
                data.agents(),
                data.audiences(),
                data.spread().toDays(),
                cleanupInterval);
    }
}
