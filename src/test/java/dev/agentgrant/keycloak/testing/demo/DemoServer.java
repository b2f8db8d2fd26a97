package dev.agentgrant.keycloak.testing.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.DistributionInstaller;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakProcess;
import dev.agentgrant.keycloak.testing.RealmFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mvnw -Pdemo}: Keycloak in dev mode with the freshly built extension and the realms of
 * {@code realm-exports/}, on the embedded H2 database kept in {@code .demo/} across restarts. Ctrl-C stops it.
 */
public final class DemoServer {

    private static final String ADMIN_USERNAME = "admin";
    private static final String ADMIN_PASSWORD = "admin";

    private DemoServer() {}

    public static void main(String[] args) throws Exception {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        int httpPort = Integer.getInteger("demo.port", 8080);
        int managementPort = Integer.getInteger("demo.management-port", 9000);
        requireFree(httpPort, "demo.port");
        requireFree(managementPort, "demo.management-port");

        Path demo = settings.projectDirectory().resolve(".demo");
        Path home = demo.resolve("keycloak-" + settings.keycloakVersion());
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            System.out.println("Installing Keycloak " + settings.keycloakVersion() + " into " + home);
            DistributionInstaller.install(settings.distributionHome(), home);
        }
        DistributionInstaller.deployProviders(settings.providersDirectory(), home);
        List<Path> realmFiles = RealmFiles.in(List.of(settings.realmExportsDirectory()));
        DistributionInstaller.stageRealmImports(List.of(settings.realmExportsDirectory()), home);

        KeycloakProcess keycloak = new KeycloakProcess("demo", home, null);
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "demo-shutdown"));
        keycloak.start(
                List.of(
                        "start-dev",
                        "--http-port=" + httpPort,
                        "--http-management-port=" + managementPort,
                        "--health-enabled=true",
                        "--import-realm",
                        "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                URI.create("http://localhost:" + managementPort + "/health/ready"),
                Duration.ofMinutes(5));

        System.out.println(banner("http://localhost:" + httpPort, realmFiles, demo));
        int exit = keycloak.awaitExit();
        System.out.println("Keycloak stopped (exit " + exit + ").");
    }

    static String banner(String base, List<Path> realmFiles, Path demo) {
        StringBuilder text = new StringBuilder("\n");
        text.append("================ Agent Grant for Keycloak: demo is running ================\n");
        text.append("Admin console:   ")
                .append(base)
                .append("/admin/   (")
                .append(ADMIN_USERNAME)
                .append(" / ")
                .append(ADMIN_PASSWORD)
                .append(")\n");
        text.append("Agent Grant console: ")
                .append(base)
                .append("/realms/master/agent-grant/console/   (")
                .append(ADMIN_USERNAME)
                .append("; every realm)\n");
        for (Path realmFile : realmFiles) {
            JsonNode realm = RealmFiles.read(realmFile);
            String name = realm.path("realm").asText();
            text.append("\nRealm ").append(name).append('\n');
            String endpoints = base + "/realms/" + name + "/agent-grant";
            text.append("  Discovery:     ").append(endpoints).append('\n');
            text.append("  Enter a code:  ").append(endpoints).append("/verify\n");
            text.append("  My grants:     ").append(endpoints).append("/my-grants\n");
            text.append("  Account:       ")
                    .append(base)
                    .append("/realms/")
                    .append(name)
                    .append("/account/\n");
            String issuer = realm.path("displayName").asText(name);
            for (JsonNode user : realm.path("users")) {
                String username = user.path("username").asText();
                for (JsonNode credential : user.path("credentials")) {
                    if ("password".equals(credential.path("type").asText())) {
                        text.append("  User           ")
                                .append(username)
                                .append(" / ")
                                .append(credential.path("value").asText())
                                .append('\n');
                    }
                }
                for (JsonNode credential : user.path("credentials")) {
                    DemoOtp.of(credential)
                            .ifPresent(otp -> text.append("    OTP          secret ")
                                    .append(otp.base32Secret())
                                    .append(" (TOTP ")
                                    .append(otp.algorithm())
                                    .append(", ")
                                    .append(otp.digits())
                                    .append(" digits, ")
                                    .append(otp.period())
                                    .append(" s)\n")
                                    .append("                 ")
                                    .append(otp.uri(issuer, username))
                                    .append('\n'));
                }
            }
            for (JsonNode client : realm.path("clients")) {
                if (client.hasNonNull("secret")) {
                    text.append("  Client         ")
                            .append(client.path("clientId").asText())
                            .append(" / ")
                            .append(client.path("secret").asText())
                            .append(
                                    "true"
                                                    .equals(client.path("attributes")
                                                            .path("agent-grant.enabled")
                                                            .asText())
                                            ? "   (agent)"
                                            : "")
                            .append('\n');
                }
            }
        }
        text.append("\nData is kept in ").append(demo).append(" (delete that folder to start over).\n");
        text.append("Press Ctrl-C to stop.\n");
        text.append("===========================================================================\n");
        return text.toString();
    }

    private static void requireFree(int port, String property) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Port " + port + " is in use; choose another with -D" + property + "=<port>");
        }
    }
}
