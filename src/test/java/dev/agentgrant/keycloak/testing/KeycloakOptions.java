package dev.agentgrant.keycloak.testing;

import java.util.List;
import java.util.Map;

/** Options every harness-started Keycloak gets, whatever its backend. */
final class KeycloakOptions {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";

    /**
     * Keycloak otherwise drops oversized non-token parameters silently; the extension's own start-up check
     * warns about that, and the tests run the server as the README tells admins to.
     */
    static final List<String> SERVER_OPTIONS = List.of(
            "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true",
            // Trust material served by the test JVM over loopback (TrustUrlIT): plain HTTP, and a short refetch
            // interval so a key rotation is picked up within a test. Production keeps HTTPS and 30 s.
            "--spi-agent-grant-attestation-source--spiffe-jwt-svid--trust-allow-http=true",
            "--spi-agent-grant-attestation-source--spiffe-jwt-svid--trust-min-refetch-interval=1",
            // The grant cleanup every 5 s instead of 300 s, so ExpiryIT sees it write down expiries within a test.
            "--spi-events-listener--agent-grant-lifecycle--cleanup-interval=5",
            // The revocation push on a short schedule, so RevocationPushIT sees retries and deliveries within a test:
            // a look at the outbox every second, retries after 1 s and then every 2 s. Production: 10 s, 5 s to 300 s.
            "--spi-agent-grant-signals--default--poll-interval=1",
            "--spi-agent-grant-signals--default--retry-initial-delay=1",
            "--spi-agent-grant-signals--default--retry-max-delay=2");

    static Map<String, String> bootstrapAdmin() {
        return Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    private KeycloakOptions() {}
}
