package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of a task-grant token: the operations the exchange cannot avoid, each measured alone in the run, after the
 * load (docs/performance.md, "The floor"): two signature verifications of the scenario's key type, one RS256
 * signature, the conditional {@code UPDATE} consuming a use, the audit {@code INSERT} and the {@code COMMIT}.
 */
final class ExchangeFloor {

    /** Labels of {@link ServerProfile}'s stages that make each operation in the server. */
    static final String PRESENTATION_STAGE = "presentation signature";

    static final String DPOP_STAGE = "DPoP proof (Keycloak)";
    static final String SIGNING_STAGE = "token signing (Keycloak)";
    static final String UPDATE_STAGE = "conditional update";
    static final String INSERT_STAGE = "audit record";
    static final String COMMIT_STAGE = "transaction commit (Keycloak)";

    private ExchangeFloor() {}

    /** {@code -Dload.floor}: seconds each operation is repeated, warm-up and measurement each; 0 skips the floor. */
    static Duration timeFromSystemProperties() {
        return Duration.ofSeconds(Long.getLong("load.floor", 3));
    }

    /** Each task-grant scenario's floor, operation by operation. */
    static Map<TaskGrantExchangeScenario, List<FloorOperation>> measure(
            ScenarioLineup lineup, Database database, String databaseName, Duration time) {
        CryptoFloor crypto = new CryptoFloor(time);
        FloorOperation signing = crypto.rs256Signature(SIGNING_STAGE);
        List<FloorOperation> databaseWork =
                new DatabaseFloor(database, databaseName, time).measure(UPDATE_STAGE, INSERT_STAGE, COMMIT_STAGE);
        Map<TaskGrantExchangeScenario, List<FloorOperation>> floors = new LinkedHashMap<>();
        for (TaskGrantExchangeScenario scenario : lineup.taskGrants()) {
            AgentCredentials credentials = scenario.credentials();
            String type = credentials.key().label();
            List<FloorOperation> floor = new ArrayList<>();
            floor.add(crypto.verification(
                    "presentation signature, " + type + " (Bouncy Castle)",
                    PRESENTATION_STAGE,
                    credentials.key(),
                    credentials.presentation()));
            boolean ed25519 = credentials.key().jwsAlgorithm().equals("EdDSA");
            floor.add(crypto.verification(
                    "DPoP proof signature, " + type + " (Bouncy Castle)",
                    DPOP_STAGE,
                    credentials.key(),
                    credentials.dpopProof()));
            if (ed25519) {
                // Keycloak's Signature.getInstance("Ed25519") finds the JDK's provider first
                // (docs/performance-lab-notes.md).
                floor.add(crypto.jdkVerification(
                        "DPoP proof signature, " + type + " (JDK)",
                        DPOP_STAGE,
                        credentials.key(),
                        credentials.dpopProof()));
            }
            floor.add(signing);
            floor.addAll(databaseWork);
            floors.put(scenario, floor);
        }
        return floors;
    }
}
