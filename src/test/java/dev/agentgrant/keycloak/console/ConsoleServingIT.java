package dev.agentgrant.keycloak.console;

import static dev.agentgrant.keycloak.grant.AgentGrantFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code /realms/{realm}/agent-grant/console/}: the console's page, assets and texts as a browser gets them, with the
 * security headers on every answer; nothing else of the jar reachable; and the console client every realm gets.
 */
@KeycloakIntegrationTest
class ConsoleServingIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = ExtensionVersion.current().version();

    @Test
    void thePageIsServedWithAStrictPolicyAndVersionedAssets(KeycloakServer keycloak) throws Exception {
        HttpResponse<String> page = get(keycloak, console(REALM), "Accept-Language", "en");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertSecurityHeaders(page);
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-cache");
        assertThat(page.body())
                .contains("<html lang=\"en\">")
                .contains("src=\"assets/" + VERSION + "/js/main.js\"")
                .contains("href=\"assets/" + VERSION + "/vendor/patternfly/patternfly.min.css\"")
                .doesNotContain("style=", "<script>", "onclick", "@ASSETS@");

        HttpResponse<String> withoutSlash = get(keycloak, "/realms/" + REALM + "/agent-grant/console");
        assertThat(withoutSlash.statusCode()).isEqualTo(302);
        assertThat(withoutSlash.headers().firstValue("Location").orElseThrow())
                .endsWith("/realms/" + REALM + "/agent-grant/console/");
    }

    @Test
    void assetsHaveTheirContentTypesAndCaching(KeycloakServer keycloak) throws Exception {
        Map<String, String> types = Map.of(
                "js/main.js", "text/javascript;charset=utf-8",
                "js/pages/grants.js", "text/javascript;charset=utf-8",
                "css/console.css", "text/css;charset=utf-8",
                "vendor/patternfly/patternfly.min.css", "text/css;charset=utf-8",
                "vendor/patternfly/assets/fonts/RedHatText/RedHatText-Regular.woff2", "font/woff2");
        String caching = VERSION.endsWith("-SNAPSHOT") ? "no-cache" : "public, max-age=31536000, immutable";
        for (Map.Entry<String, String> asset : types.entrySet()) {
            HttpResponse<String> answer = get(keycloak, console(REALM) + "assets/" + VERSION + "/" + asset.getKey());
            assertThat(answer.statusCode()).as(asset.getKey()).isEqualTo(200);
            assertThat(answer.headers()
                            .firstValue("Content-Type")
                            .orElseThrow()
                            .replace(" ", "")
                            .toLowerCase())
                    .as(asset.getKey())
                    .isEqualTo(asset.getValue());
            assertThat(answer.headers().firstValue("Cache-Control").orElseThrow())
                    .as(asset.getKey())
                    .isEqualTo(caching);
            assertSecurityHeaders(answer);
        }
    }

    @Test
    void unknownPathsAndTraversalAreNotFoundAndNeverReachTheJar(KeycloakServer keycloak) throws Exception {
        String assets = console(REALM) + "assets/" + VERSION + "/";
        List<String> paths = List.of(
                console(REALM) + "nothing-here",
                console(REALM) + "index.html",
                console(REALM) + "static/js/main.js",
                console(REALM) + "assets/0.0.0-other/js/main.js",
                assets + "js/nothing.js",
                assets + "js/",
                assets + "vendor/patternfly",
                assets + "../../../../../META-INF/beans.xml",
                assets + "js/../../ConsoleEndpoint.class",
                assets + "..%2F..%2FConsoleEndpoint.class",
                assets + "%2e%2e/%2e%2e/index.html",
                assets + "js/%2e%2e/%2e%2e/%2e%2e/support/extension.properties",
                assets + "..\\..\\index.html",
                assets + ".hidden.js",
                assets + "js//main.js",
                assets + "js/main.js%00.css",
                assets + "js/main.class",
                assets + "js/main.JS.map");
        SoftAssertions softly = new SoftAssertions();
        for (String path : paths) {
            HttpResponse<String> answer = get(keycloak, path);
            softly.assertThat(answer.statusCode()).as(path).isIn(400, 404);
            softly.assertThat(answer.body())
                    .as(path)
                    .doesNotContain("import ", "<beans", "Implementation", "\u00ca\u00fe");
            if (answer.statusCode() == 404) {
                softly.assertThat(answer.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .contains(ConsoleHeaders.CONTENT_SECURITY_POLICY);
            }
        }
        softly.assertAll();
    }

    @Test
    void textsAreServedForTheAdminsLanguage(KeycloakServer keycloak) throws Exception {
        HttpResponse<String> english = get(keycloak, console(REALM) + "messages", "Accept-Language", "en");

        assertThat(english.statusCode()).isEqualTo(200);
        assertSecurityHeaders(english);
        JsonNode body = JSON.readTree(english.body());
        assertThat(body.path("locale").asText()).isEqualTo("en");
        assertThat(body.path("messages").path("logout").asText()).isEqualTo("Sign out");
        assertThat(body.path("messages").has("agentGrantVerifyTitle")).isFalse();
        assertThat(body.path("messages").size()).isGreaterThan(50);
    }

    @Test
    void everyRealmHasThePublicPkceClientAndAnAdminCanRepairIt(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = "console-setup-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        try {
            JsonNode client = consoleClient(admin, realm);
            assertThat(client.path("publicClient").asBoolean()).isTrue();
            assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
            assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).isFalse();
            assertThat(client.path("attributes")
                            .path("pkce.code.challenge.method")
                            .asText())
                    .isEqualTo("S256");
            assertThat(client.path("redirectUris").toString())
                    .isEqualTo("[\"/realms/" + realm + "/agent-grant/console/\"]");
            assertThat(client.path("webOrigins").toString()).isEqualTo("[\"+\"]");
            assertThat(client.path("defaultClientScopes").toString()).contains("profile");
            assertThat(consoleClient(admin, REALM).path("publicClient").asBoolean())
                    .as("the imported test realm")
                    .isTrue();

            JsonNode ready = admin.getJson("/realms/" + realm + "/agent-grant/console-setup");
            assertThat(ready.path("ready").asBoolean()).isTrue();
            admin.delete("/realms/" + realm + "/clients/" + client.path("id").asText())
                    .expect(204);
            JsonNode broken = admin.getJson("/realms/" + realm + "/agent-grant/console-setup");
            assertThat(broken.path("ready").asBoolean()).isFalse();
            assertThat(broken.path("problem").asText()).contains("missing");

            JsonNode repaired = admin.post("/realms/" + realm + "/agent-grant/console-setup", null)
                    .expect(200)
                    .json();
            assertThat(repaired.path("client_created").asBoolean()).isTrue();
            assertThat(repaired.path("ready").asBoolean()).isTrue();
            assertThat(consoleClient(admin, realm).path("publicClient").asBoolean())
                    .isTrue();
            JsonNode again = admin.post("/realms/" + realm + "/agent-grant/console-setup", null)
                    .expect(200)
                    .json();
            assertThat(again.path("client_created").asBoolean()).isFalse();
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    private static JsonNode consoleClient(AdminApi admin, String realm) {
        JsonNode found = admin.getJson("/realms/" + realm + "/clients?clientId=" + ConsoleClientSetup.CLIENT_ID);
        assertThat(found).as("the console client of " + realm).hasSize(1);
        return found.get(0);
    }

    private static void assertSecurityHeaders(HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue("Content-Security-Policy"))
                .contains(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(ConsoleHeaders.CONTENT_SECURITY_POLICY)
                .contains(
                        "script-src 'self'",
                        "style-src 'self'",
                        "object-src 'none'",
                        "base-uri 'none'",
                        "frame-ancestors 'none'",
                        "connect-src 'self'")
                .doesNotContain("unsafe");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(answer.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    private static String console(String realm) {
        return "/realms/" + realm + "/agent-grant/console/";
    }

    /** Sends the path as written: no client-side normalisation of dots or percent escapes. */
    private static HttpResponse<String> get(KeycloakServer keycloak, String rawPath, String... headers)
            throws IOException, InterruptedException {
        String base = keycloak.baseUri().toString().replaceAll("/$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPath.replace("\\", "%5C")))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
