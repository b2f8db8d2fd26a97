package dev.agentgrant.keycloak.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One agent of its own in the integration-test realm, as an admin would set it up over the admin REST API: a SPIFFE
 * attestation source, a confidential agent client with a profile and a policy requiring that source and the
 * agent's workload id, and an audience client. Every fixture has fresh names, so test classes sharing one Keycloak
 * never see each other's grants or limits.
 */
public final class AgentGrantFixture {

    public static final String REALM = "agent-grant-it";
    public static final String SCOPES = "calendar.read calendar.write mail.send";

    public final AttestationFixture attestation = new AttestationFixture();
    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String agent = "agent-" + suffix;
    public final String secret = "secret-" + UUID.randomUUID();
    public final String audience = "calendar-" + suffix;
    public final String source = "spire-" + suffix;
    public final String workload = "spiffe://example.org/agents/" + suffix;

    private final KeycloakServer keycloak;
    /** The realm this agent lives in: the integration-test realm unless a test made its own. */
    public final String realm;

    private final String issuer;
    private String agentUuid;

    private AgentGrantFixture(KeycloakServer keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.issuer = keycloak.realmUri(realm).toString();
    }

    /** Creates source, audience and agent; {@code attributes} add to or override the agent's default profile. */
    public static AgentGrantFixture create(KeycloakServer keycloak, Map<String, String> attributes) {
        return createIn(keycloak, REALM, attributes);
    }

    /** The same in another, existing realm. */
    public static AgentGrantFixture createIn(KeycloakServer keycloak, String realm, Map<String, String> attributes) {
        AgentGrantFixture fixture = new AgentGrantFixture(keycloak, realm);
        fixture.setUp(attributes);
        return fixture;
    }

    private void setUp(Map<String, String> overrides) {
        AdminApi admin = keycloak.admin();
        String realmId = admin.getJson("/realms/" + realm).path("id").asText();
        admin.post(
                        "/realms/" + realm + "/components",
                        Map.of(
                                "name",
                                source,
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                "dev.agentgrant.keycloak.attestation.spi.AttestationSource",
                                "parentId",
                                realmId,
                                "config",
                                Map.of("trust-domain", List.of("example.org"), "trust", List.of(attestation.bundle()))))
                .expect(201);
        admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                audience,
                                "publicClient",
                                false,
                                "bearerOnly",
                                false,
                                "name",
                                "Calendar API " + suffix))
                .expect(201);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("agent-grant.enabled", "true");
        attributes.put("agent-grant.allowed-audiences", audience);
        attributes.put("agent-grant.allowed-scopes", SCOPES);
        attributes.put(
                "agent-grant.attestation-policy",
                "{\"require\":[\"" + source + "\"],\"facts\":[{\"fact\":\"" + source + ".spiffe_id\",\"equals\":\""
                        + workload + "\"}]}");
        attributes.putAll(overrides);
        admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                agent,
                                "publicClient",
                                false,
                                "secret",
                                secret,
                                "serviceAccountsEnabled",
                                true,
                                "fullScopeAllowed",
                                false,
                                "standardFlowEnabled",
                                false,
                                "attributes",
                                attributes))
                .expect(201);
        agentUuid = admin.getJson("/realms/" + realm + "/clients?clientId=" + agent)
                .get(0)
                .path("id")
                .asText();
    }

    public String issuer() {
        return issuer;
    }

    /**
     * Changes agent-client attributes; a null value clears the attribute (sent as empty: Keycloak's client update keeps
     * attributes a representation leaves out, and an empty one reads as unset).
     */
    public void setAttributes(Map<String, String> changes) {
        AdminApi admin = keycloak.admin();
        ObjectNode client = (ObjectNode) admin.getJson("/realms/" + realm + "/clients/" + agentUuid);
        ObjectNode attributes = client.withObjectProperty("attributes");
        changes.forEach((name, value) -> attributes.put(name, value == null ? "" : value));
        admin.put("/realms/" + realm + "/clients/" + agentUuid, client).expect(204);
    }

    /** A fresh presentation carrying a fresh SVID for this agent's workload. */
    public String presentation() {
        Instant now = Instant.now();
        return attestation.presentation(agent, issuer, Map.of(source, attestation.svid(workload, issuer, now)), now);
    }

    /** A valid request form with a fresh presentation; {@code changes} replace members, null values remove them. */
    public Map<String, String> form(Map<String, String> changes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("audience", audience);
        form.put("scope", "calendar.read calendar.write");
        form.put("purpose", "Move tomorrow's 9:00 meeting with Dana to Friday");
        form.put("actor_token_type", "urn:agentgrant:token-type:attestation");
        form.put("actor_token", presentation());
        return changed(form, changes);
    }

    /** {@code form} with {@code changes} applied: they replace members, null values remove them. */
    public static Map<String, String> changed(Map<String, String> form, Map<String, String> changes) {
        Map<String, String> result = new LinkedHashMap<>(form);
        changes.forEach((name, value) -> {
            if (value == null) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }

    /**
     * A presentation carrying this agent's genuine SVID, its claims changed by {@code change}, signed by
     * {@code signer} (with {@code cnf} naming the agent's instance key unless {@code change} says otherwise).
     */
    public String presentation(TestKeys signer, Consumer<Map<String, Object>> change) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", agent);
        claims.put("aud", issuer);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 30);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("cnf", Map.of("jwk", attestation.instanceKey.publicJwk().toJSONObject()));
        claims.put(
                "evidence",
                List.of(Map.of("source", source, "format", "jwt", "value", attestation.svid(workload, issuer, now))));
        change.accept(claims);
        return TestJws.sign(
                Map.of("alg", "ES256", "typ", "agent-attestation+jwt"),
                claims,
                signer.pair().getPrivate());
    }

    public Http http() {
        return keycloak.http();
    }

    public String basicAuth() {
        return Http.basic(agent, secret);
    }

    public Http.Response request(Map<String, String> form) {
        return request(http(), form);
    }

    /** Through a given node of a cluster. */
    public Http.Response request(Http node, Map<String, String> form) {
        return node.postForm(endpoint("requests"), form, "Authorization", basicAuth());
    }

    public Http.Response status(String grantId) {
        return http().get(endpoint("grants/" + grantId), "Authorization", basicAuth());
    }

    public Http.Response revoke(String grantId) {
        return http().postForm(endpoint("grants/" + grantId + "/revoke"), Map.of(), "Authorization", basicAuth());
    }

    /** Requests a grant with a valid form and answers the 201 body. */
    public JsonNode requestGrant() {
        return request(form(Map.of())).expect(201).json();
    }

    /** An agent-grant endpoint of this fixture's realm. */
    public String endpoint(String relative) {
        return "/realms/" + realm + "/agent-grant/" + relative;
    }

    /** An agent-grant endpoint of the integration-test realm. */
    public static String path(String relative) {
        return "/realms/" + REALM + "/agent-grant/" + relative;
    }
}
