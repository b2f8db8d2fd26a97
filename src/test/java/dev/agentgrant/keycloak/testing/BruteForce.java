package dev.agentgrant.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak's brute-force detection, turned on for one check: the realm detects with a low failure count, the person
 * is locked out by failed password logins through a direct-grant client, {@code check} runs while the lock holds,
 * then the lock is cleared and every detection setting of the realm is put back as it was.
 */
public final class BruteForce {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of(
            "bruteForceProtected",
            "permanentLockout",
            "failureFactor",
            "waitIncrementSeconds",
            "maxFailureWaitSeconds",
            "quickLoginCheckMilliSeconds",
            "minimumQuickLoginWaitSeconds");

    private BruteForce() {}

    public static void whileLockedOut(
            KeycloakServer keycloak, String realm, String username, String userId, Runnable check) {
        AdminApi admin = keycloak.admin();
        JsonNode settings = admin.getJson("/realms/" + realm);
        Map<String, Object> before = new LinkedHashMap<>();
        for (String setting : SETTINGS) {
            before.put(setting, JSON.convertValue(settings.path(setting), Object.class));
        }
        String passwordClient = "password-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createPasswordClient(realm, passwordClient);
        admin.put(
                        "/realms/" + realm,
                        Map.of(
                                "bruteForceProtected",
                                true,
                                "permanentLockout",
                                false,
                                "failureFactor",
                                2,
                                "waitIncrementSeconds",
                                600,
                                "maxFailureWaitSeconds",
                                900))
                .expect(204);
        String lockState = "/realms/" + realm + "/attack-detection/brute-force/users/" + userId;
        try {
            // Keycloak records failures asynchronously, on a shared executor: on a loaded machine (or behind a
            // slower database) that takes seconds, and two failures recorded concurrently can count as one. So fail
            // again until the lock shows, waiting a little after each failure.
            for (int attempt = 0; attempt < 10 && !lockedOut(admin, lockState); attempt++) {
                failPasswordLogin(keycloak, realm, passwordClient, username);
                for (int wait = 0; wait < 50 && !lockedOut(admin, lockState); wait++) {
                    Thread.sleep(100);
                }
            }
            assertThat(lockedOut(admin, lockState)).as("locked out").isTrue();
            check.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            admin.delete(lockState).expect(204);
            admin.put("/realms/" + realm, before).expect(204);
        }
    }

    private static boolean lockedOut(AdminApi admin, String lockState) {
        return admin.getJson(lockState).path("disabled").asBoolean();
    }

    private static void failPasswordLogin(KeycloakServer keycloak, String realm, String client, String username) {
        Http.Response failed =
                RealmAdmins.passwordGrant(keycloak.http(), realm, client, username, "not-" + username, Map.of());
        assertThat(failed.json().path("error").asText()).as(failed.toString()).isEqualTo("invalid_grant");
    }
}
