package dev.agentgrant.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keycloak's admin REST API over plain HTTP, authenticated as a master-realm admin through {@code admin-cli}.
 * The token is renewed before it expires (master's default access-token lifespan is one minute).
 */
public final class AdminApi {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(15);

    private final Http http;
    private final String username;
    private final String password;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    public AdminApi(URI base, String username, String password) {
        this.http = new Http(base);
        this.username = username;
        this.password = password;
    }

    /**
     * The same admin through another base URL of the same server (e.g. {@code localhost} instead of
     * {@code 127.0.0.1}): Keycloak issues and checks admin tokens for the hostname a request came through.
     */
    public AdminApi through(URI otherBase) {
        return new AdminApi(otherBase, username, password);
    }

    public Http.Response get(String path) {
        return http.get(adminPath(path), "Authorization", "Bearer " + token());
    }

    public JsonNode getJson(String path) {
        return get(path).expect(200).json();
    }

    public Http.Response post(String path, Object body) {
        return http.sendJson("POST", adminPath(path), body, "Authorization", "Bearer " + token());
    }

    public Http.Response put(String path, Object body) {
        return http.sendJson("PUT", adminPath(path), body, "Authorization", "Bearer " + token());
    }

    public Http.Response delete(String path) {
        return http.sendJson("DELETE", adminPath(path), null, "Authorization", "Bearer " + token());
    }

    /** Reads client {@code clientId} of {@code realm}, lets {@code change} edit its representation and writes it back. */
    public void updateClient(String realm, String clientId, Consumer<ObjectNode> change) {
        String uuid = clientUuid(realm, clientId);
        ObjectNode client = (ObjectNode) getJson("/realms/" + realm + "/clients/" + uuid);
        change.accept(client);
        put("/realms/" + realm + "/clients/" + uuid, client).expect(204);
    }

    /** The internal id of client {@code clientId} of {@code realm} (the admin API addresses clients by it). */
    public String clientUuid(String realm, String clientId) {
        return getJson("/realms/" + realm + "/clients?clientId=" + clientId)
                .get(0)
                .path("id")
                .asText();
    }

    /** The id of user {@code username} of {@code realm}. */
    public String userId(String realm, String username) {
        return getJson("/realms/" + realm + "/users?exact=true&username=" + username)
                .get(0)
                .path("id")
                .asText();
    }

    /**
     * Creates a public client of {@code realm} that can only sign users in with their password (direct access grants
     * on, the browser's standard flow off).
     */
    public void createPasswordClient(String realm, String clientId) {
        post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                clientId,
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false))
                .expect(201);
    }

    public boolean realmExists(String realm) {
        Http.Response response = get("/realms/" + realm);
        if (response.status() == 404) {
            return false;
        }
        response.expect(200);
        return true;
    }

    private static String adminPath(String path) {
        return "/admin" + (path.startsWith("/") ? path : "/" + path);
    }

    /** The master admin's bearer token, for requests this client does not make (raw bodies, other content types). */
    public String bearerToken() {
        return token();
    }

    private synchronized String token() {
        if (token == null || Instant.now().isAfter(tokenExpiry.minus(RENEW_BEFORE_EXPIRY))) {
            JsonNode response = http.postForm(
                            "/realms/master/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    "admin-cli",
                                    "username",
                                    username,
                                    "password",
                                    password))
                    .expect(200)
                    .json();
            token = response.path("access_token").asText();
            tokenExpiry = Instant.now().plusSeconds(response.path("expires_in").asLong(60));
        }
        return token;
    }
}
