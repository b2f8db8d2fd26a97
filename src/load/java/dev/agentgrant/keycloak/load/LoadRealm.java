package dev.agentgrant.keycloak.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the scenarios need in the integration-test realm, set up as an admin and a person would: an agent
 * (SPIFFE source, agent client, audience client) with task grants of {@value #MAX_USES} uses approved by a person in
 * a browser, pinned to an ES256 instance key and to an Ed25519 one (each grant is pinned to the key that signed its
 * request's presentation); a front-end client issuing the person's tokens with a requesting client in their audience,
 * the requesting client allowed the standard token exchange toward the same audience and holding an ES256 DPoP key;
 * a client with a service account.
 */
public final class LoadRealm {

    /** The largest number of uses an agent profile may allow (agent-grant.max-uses). */
    static final int MAX_USES = 100_000;

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String FRONTEND = "load-frontend";
    private static final String REQUESTER = "load-requester";
    private static final String SERVICE = "load-service";

    private final KeycloakServer keycloak;
    private final URI tokenEndpoint;
    private final AgentGrantFixture agent;
    /** Per instance key: its credentials and the grants pinned to it. */
    private final Map<AgentCredentials, List<String>> grantsByKey = new java.util.LinkedHashMap<>();

    private final String username;
    private final String requesterSecret = "requester-" + UUID.randomUUID();
    private final String serviceSecret = "service-" + UUID.randomUUID();

    private LoadRealm(KeycloakServer keycloak, int grants) {
        this.keycloak = keycloak;
        this.tokenEndpoint = keycloak.realmUri(REALM).resolve("/realms/" + REALM + "/protocol/openid-connect/token");
        ApprovalBrowserIT.ClientScopes.ensure(keycloak.admin());
        this.agent = AgentGrantFixture.create(
                keycloak,
                Map.of(
                        "agent-grant.max-uses", Integer.toString(MAX_USES),
                        "agent-grant.max-grant-lifetime", Long.toString(24 * 3600)));
        this.username = person();
        for (AgentKey key : List.of(AgentKey.es256(), AgentKey.ed25519())) {
            AgentCredentials credentials = new AgentCredentials(agent, key, tokenEndpoint.toString());
            grantsByKey.put(credentials, approveGrants(credentials, grants));
        }
        standardExchangeClients();
        serviceClient();
    }

    /** @param grants how many task grants the person approves for the agent */
    public static LoadRealm configure(KeycloakServer keycloak, int grants) {
        return new LoadRealm(keycloak, grants);
    }

    /**
     * The scenarios, in the order the first round runs them; the first is the task-grant exchange with the ES256
     * instance key.
     */
    public List<Scenario> scenarios(int concurrency) {
        return lineup(concurrency).all();
    }

    /** The scenarios of a run and what each is for ({@link ScenarioLineup}). */
    ScenarioLineup lineup(int concurrency) {
        return new ScenarioLineup(
                grantsByKey.entrySet().stream()
                        .map(e -> new TaskGrantExchangeScenario(
                                tokenEndpoint, agent, e.getKey(), e.getValue(), concurrency))
                        .toList(),
                new StandardExchangeScenario(
                        tokenEndpoint,
                        REQUESTER,
                        requesterSecret,
                        agent.audience,
                        this::personsToken,
                        Optional.of(AgentKey.es256()),
                        concurrency),
                new StandardExchangeScenario(
                        tokenEndpoint,
                        REQUESTER,
                        requesterSecret,
                        agent.audience,
                        this::personsToken,
                        Optional.empty(),
                        concurrency),
                new ClientCredentialsScenario(tokenEndpoint, SERVICE, serviceSecret));
    }

    /** The person who approved the grants; their password is their username. */
    public String username() {
        return username;
    }

    /** The agent whose grants the exchange redeems. */
    public AgentGrantFixture agent() {
        return agent;
    }

    /** Every grant, of every instance key. */
    public List<String> grantIds() {
        return grantsByKey.values().stream().flatMap(List::stream).toList();
    }

    /** The grants' uses so far, as the agent reads them. */
    public int uses() {
        return grantIds().stream()
                .mapToInt(id -> agent.status(id).expect(200).json().path("uses").asInt())
                .sum();
    }

    private String person() {
        String name = "load-" + UUID.randomUUID().toString().substring(0, 6);
        keycloak.admin()
                .post(
                        "/realms/" + REALM + "/users",
                        Map.of(
                                "username",
                                name,
                                "enabled",
                                true,
                                "email",
                                name + "@example.com",
                                "emailVerified",
                                true,
                                "firstName",
                                "Load",
                                "lastName",
                                "Person",
                                "credentials",
                                List.of(Map.of("type", "password", "value", name, "temporary", false))))
                .expect(201);
        return name;
    }

    /**
     * The agent asks with a presentation signed by the key of {@code credentials}, which pins the grant to that key;
     * the person approves in a headless browser (the device-flow page), signing in the first time.
     */
    private List<String> approveGrants(AgentCredentials credentials, int grants) {
        List<String> grantIds = new java.util.ArrayList<>();
        try (Browser browser = Browser.start()) {
            for (int i = 0; i < grants; i++) {
                JsonNode created = agent.request(agent.form(Map.of(
                                "login_hint",
                                username,
                                "max_uses",
                                Integer.toString(MAX_USES),
                                "actor_token",
                                credentials.presentation())))
                        .expect(201)
                        .json();
                browser.open(created.path("verification_uri_complete").asText());
                if (browser.pageSource().contains("id=\"password\"")) {
                    browser.fill("username", username)
                            .fill("password", username)
                            .click("#kc-login");
                }
                browser.click("#agent-grant-approve");
                ApprovalBrowserIT.waitForResult(browser, "approved");
                grantIds.add(created.path("grant_id").asText());
            }
        }
        return grantIds;
    }

    private void standardExchangeClients() {
        AdminApi admin = keycloak.admin();
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                FRONTEND,
                                "publicClient",
                                true,
                                "standardFlowEnabled",
                                false,
                                "directAccessGrantsEnabled",
                                true,
                                "protocolMappers",
                                List.of(audienceMapper(REQUESTER))))
                .expect(201);
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                REQUESTER,
                                "publicClient",
                                false,
                                "secret",
                                requesterSecret,
                                "standardFlowEnabled",
                                false,
                                "attributes",
                                Map.of("standard.token.exchange.enabled", "true"),
                                "protocolMappers",
                                List.of(audienceMapper(agent.audience))))
                .expect(201);
    }

    private void serviceClient() {
        keycloak.admin()
                .post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                SERVICE,
                                "publicClient",
                                false,
                                "secret",
                                serviceSecret,
                                "standardFlowEnabled",
                                false,
                                "serviceAccountsEnabled",
                                true))
                .expect(201);
    }

    private static Map<String, Object> audienceMapper(String audience) {
        return Map.of(
                "name",
                "audience " + audience,
                "protocol",
                "openid-connect",
                "protocolMapper",
                "oidc-audience-mapper",
                "config",
                Map.of(
                        "included.client.audience",
                        audience,
                        "access.token.claim",
                        "true",
                        "id.token.claim",
                        "false",
                        "introspection.token.claim",
                        "true"));
    }

    /** The person signs in at the front end (resource-owner password grant, for brevity): a token for the requester. */
    private String personsToken() {
        return keycloak.http()
                .postForm(
                        tokenEndpoint.getPath(),
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                FRONTEND,
                                "username",
                                username,
                                "password",
                                username))
                .expect(200)
                .json()
                .path("access_token")
                .asText();
    }
}
