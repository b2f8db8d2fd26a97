package dev.agentgrant.keycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Administrators of one realm as Keycloak makes them: a person holding roles of the realm's
 * {@code realm-management} client, and their access tokens from password grants.
 */
public final class RealmAdmins {

    private RealmAdmins() {}

    /** Maps these roles of {@code realm}'s {@code realm-management} client to the user. */
    public static void grantManagementRoles(AdminApi admin, String realm, String userId, List<String> roles) {
        String management = admin.clientUuid(realm, "realm-management");
        List<JsonNode> mapped = new ArrayList<>();
        for (String role : roles) {
            mapped.add(admin.getJson("/realms/" + realm + "/clients/" + management + "/roles/" + role));
        }
        admin.post("/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + management, mapped)
                .expect(204);
    }

    /**
     * A password grant (RFC 6749 §4.3) of {@code username} through the public client {@code clientId}, with
     * {@code extra} form parameters; the answer as it comes.
     */
    public static Http.Response passwordGrant(
            Http http, String realm, String clientId, String username, String password, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.putAll(extra);
        return http.postForm("/realms/" + realm + "/protocol/openid-connect/token", form);
    }

    /** The access token of {@code username} from a password grant through the public client {@code clientId}. */
    public static String passwordToken(Http http, String realm, String clientId, String username, String password) {
        return passwordGrant(http, realm, clientId, username, password, Map.of())
                .expect(200)
                .json()
                .path("access_token")
                .asText();
    }

    /**
     * The access token of {@code username} through a public client with direct access grants made for this call
     * (named {@code clientPrefix} and a random suffix), so no client of the realm has to allow password grants.
     */
    public static String directGrantToken(
            AdminApi admin, Http http, String realm, String clientPrefix, String username, String password) {
        String client = clientPrefix + UUID.randomUUID().toString().substring(0, 8);
        admin.createPasswordClient(realm, client);
        return passwordToken(http, realm, client, username, password);
    }
}
