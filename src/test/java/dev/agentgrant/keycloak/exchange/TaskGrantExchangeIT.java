package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BruteForce;
import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The task-grant token exchange on a real Keycloak: an approved grant, a fresh presentation signed by the pinned
 * instance key and a DPoP proof with that key mint one access token with the contract's claims; every other case is
 * an RFC 6749 §5.2 error that consumes nothing.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskGrantExchangeIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String TOKEN_PATH = "/realms/" + REALM + "/protocol/openid-connect/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        ApprovalBrowserIT.ClientScopes.ensure(keycloak.admin());
        this.fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        // Stored events, so that the tests can read what a SIEM would receive.
        keycloak.admin().put("/realms/" + REALM, Map.of("eventsEnabled", true)).expect(204);
    }

    // ---- the agent's side ----

    private String dpopProof(TestKeys key) {
        return ExchangeCalls.dpopProof(
                key, keycloak.baseUri().resolve(TOKEN_PATH).toString());
    }

    private String dpopProof() {
        return dpopProof(fixture.attestation.instanceKey);
    }

    /** A presentation carrying the agent's genuine SVID but signed by {@code key}: a stolen SVID with a fresh key. */
    private String presentationSignedBy(TestKeys key) {
        return fixture.presentation(
                key, claims -> claims.put("cnf", Map.of("jwk", key.publicJwk().toJSONObject())));
    }

    private Map<String, String> exchangeForm(String grantId, String presentation) {
        return ExchangeCalls.exchangeForm(grantId, presentation);
    }

    private Http.Response exchange(Map<String, String> form, String dpop) {
        return exchange(fixture, form, dpop);
    }

    private Http.Response exchange(AgentGrantFixture agent, Map<String, String> form, String dpop) {
        return ExchangeCalls.send(agent.http(), TOKEN_PATH, agent, form, dpop);
    }

    /** A well-formed exchange of {@code grantId}: fresh presentation, fresh DPoP proof with the pinned key. */
    private Http.Response exchange(String grantId) {
        return exchange(exchangeForm(grantId, fixture.presentation()), dpopProof());
    }

    // ---- the person's side ----

    private String person(String prefix) {
        return ApprovedGrants.person(keycloak.admin(), prefix);
    }

    private String userId(String username) {
        return ApprovedGrants.userId(keycloak.admin(), username);
    }

    private JsonNode requested(String username, Map<String, String> extra) {
        Map<String, String> changes = new LinkedHashMap<>(extra);
        changes.put("login_hint", username);
        return fixture.request(fixture.form(changes)).expect(201).json();
    }

    private void decide(Browser browser, JsonNode created, String username, String button, String outcome) {
        ApprovedGrants.decide(browser, created, username, button, outcome);
    }

    private String approvedGrant(Browser browser, String username, Map<String, String> extra) {
        return ApprovedGrants.approved(browser, fixture, username, extra);
    }

    private String status(String grantId) {
        return fixture.status(grantId).expect(200).json().path("status").asText();
    }

    private int uses(String grantId) {
        return fixture.status(grantId).expect(200).json().path("uses").asInt();
    }

    private static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** RFC 6749 §5.2 and §5.1: a JSON error, never cached, no token; 400 unless client authentication failed. */
    private static void assertError(Http.Response response, String error) {
        assertError(response, 400, error);
    }

    private static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Cache-Control")).as(response.toString()).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).as(response.toString()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isNotBlank();
        assertThat(body.has("access_token")).isFalse();
    }

    // ---- the tests ----

    @Test
    void anApprovedGrantMintsOneTokenWithTheContractsClaims(Browser browser) throws Exception {
        String username = person("minter");
        String grantId = approvedGrant(browser, username, Map.of());
        AdminApi admin = keycloak.admin();
        String agentUuid = admin.getJson("/realms/" + REALM + "/clients?clientId=" + fixture.agent)
                .get(0)
                .path("id")
                .asText();
        String serviceAccount = admin.getJson("/realms/" + REALM + "/clients/" + agentUuid + "/service-account-user")
                .path("id")
                .asText();

        Http.Response response = exchange(grantId);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.path("token_type").asText()).isEqualTo("DPoP");
        assertThat(body.path("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.path("scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(body.path("expires_in").asLong()).isBetween(240L, 300L);
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.has("id_token")).isFalse();
        JsonNode details = body.path("authorization_details");
        assertThat(details).hasSize(1);
        assertThat(details.path(0).path("type").asText()).isEqualTo("agent_task");
        assertThat(details.path(0).path("actions").toString()).isEqualTo("[\"calendar.read\",\"calendar.write\"]");

        JsonNode token = claims(body.path("access_token").asText());
        assertThat(token.path("iss").asText()).isEqualTo(fixture.issuer());
        assertThat(token.path("sub").asText()).isEqualTo(userId(username));
        assertThat(token.path("azp").asText()).isEqualTo(fixture.agent);
        assertThat(token.path("aud").isTextual())
                .as("exactly one aud: " + token)
                .isTrue();
        assertThat(token.path("aud").asText()).isEqualTo(fixture.audience);
        assertThat(token.path("scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(token.path("act").path("sub").asText()).isEqualTo(serviceAccount);
        assertThat(token.path("act").path("client_id").asText()).isEqualTo(fixture.agent);
        assertThat(token.path("grant_id").asText()).isEqualTo(grantId);
        assertThat(token.path("authorization_details")).isEqualTo(details);
        assertThat(token.path("attestation").path("sources").toString()).isEqualTo("[\"" + fixture.source + "\"]");
        assertThat(token.path("attestation")
                        .path("facts")
                        .path(fixture.source + ".spiffe_id")
                        .asText())
                .isEqualTo(fixture.workload);
        assertThat(token.path("attestation").path("policy_version").asText()).isNotBlank();
        assertThat(token.has("grant_auth_time")).isTrue();
        assertThat(token.path("cnf").path("jkt").asText())
                .isEqualTo(fixture.attestation
                        .instanceKey
                        .publicJwk()
                        .computeThumbprint()
                        .toString());
        assertThat(token.path("exp").asLong() - token.path("iat").asLong()).isBetween(240L, 300L);
        for (String leak : List.of(
                "realm_access",
                "resource_access",
                "preferred_username",
                "email",
                "name",
                "given_name",
                "family_name",
                "email_verified",
                "acr",
                "sid",
                "session_state",
                "allowed-origins")) {
            assertThat(token.has(leak)).as(leak + " in " + token).isFalse();
        }
        assertThat(uses(grantId)).isEqualTo(1);

        JsonNode issued = auditRecords(grantId, "token_issued");
        assertThat(issued).hasSize(1);
        JsonNode record = issued.get(0);
        assertThat(record.path("outcome").asText()).isEqualTo("success");
        assertThat(record.path("actor_type").asText()).isEqualTo("agent");
        assertThat(record.path("details").path("token_id").asText())
                .isEqualTo(token.path("jti").asText());
        assertThat(record.path("details").path("decision").asText()).isEqualTo("issued");
        assertThat(record.path("details").path("attestation_sources").asText()).isEqualTo(fixture.source);
        assertThat(record.path("details").path("attestation_policy_version").asText())
                .isEqualTo(token.path("attestation").path("policy_version").asText());
        assertThat(record.path("details").path("presentation_jti").asText()).isNotBlank();
        JsonNode events = admin.getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE&client=" + fixture.agent);
        assertThat(events.findValues("details")).anySatisfy(d -> {
            assertThat(d.path("grant_id").asText()).isEqualTo(grantId);
            assertThat(d.path("token_id").asText()).isEqualTo(token.path("jti").asText());
            assertThat(d.path("presentation_jti").asText())
                    .isEqualTo(record.path("details").path("presentation_jti").asText());
        });
    }

    /** The grant's audit records of one action, oldest first, as an admin reads them. */
    private JsonNode auditRecords(String grantId, String action) {
        List<JsonNode> records = new ArrayList<>();
        keycloak.admin()
                .getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                .path("audit")
                .forEach(r -> {
                    if (r.path("action").asText().equals(action)) {
                        records.add(r);
                    }
                });
        return JSON.valueToTree(records);
    }

    @Test
    void aPendingGrantAnswersPendingThenSlowDownWithoutBurningThePresentation(Browser browser) {
        String username = person("poller");
        JsonNode created = requested(username, Map.of());
        String grantId = created.path("grant_id").asText();
        String presentation = fixture.presentation();

        assertError(exchange(exchangeForm(grantId, presentation), dpopProof()), "authorization_pending");
        assertError(exchange(exchangeForm(grantId, presentation), dpopProof()), "slow_down");

        decide(browser, created, username, "#agent-grant-approve", "approved");
        Http.Response response = exchange(exchangeForm(grantId, presentation), dpopProof());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void aDeniedRequestAnswersAccessDenied(Browser browser) {
        String username = person("denier");
        JsonNode created = requested(username, Map.of());
        decide(browser, created, username, "#agent-grant-deny", "denied");

        assertError(exchange(created.path("grant_id").asText()), "access_denied");
    }

    @Test
    void aRevokedGrantIsInvalid(Browser browser) {
        String grantId = approvedGrant(browser, person("revoked"), Map.of());
        fixture.revoke(grantId).expect(200);

        assertError(exchange(grantId), "invalid_grant");
    }

    /** A person disabled after approving can no longer stand behind the task. */
    @Test
    void aDisabledPersonsGrantMintsNothing(Browser browser) {
        String username = person("disabled");
        String grantId = approvedGrant(browser, username, Map.of());
        keycloak.admin()
                .put("/realms/" + REALM + "/users/" + userId(username), Map.of("enabled", false))
                .expect(204);

        assertError(exchange(grantId), "invalid_grant");
        assertThat(uses(grantId)).isZero();
    }

    /**
     * A person locked out by Keycloak's brute-force detection after approving can no longer
     * stand behind the task; once the lock is lifted, the grant mints again.
     */
    @Test
    void aLockedOutPersonsGrantMintsNothing(Browser browser) {
        String username = person("locked");
        String grantId = approvedGrant(browser, username, Map.of());
        String userId = userId(username);
        BruteForce.whileLockedOut(keycloak, REALM, username, userId, () -> {
            assertError(exchange(grantId), "invalid_grant");

            assertThat(uses(grantId)).isZero();
            assertThat(status(grantId)).isEqualTo("APPROVED");
            assertThat(auditRecords(grantId, "token_refused").findValuesAsText("reason"))
                    .containsExactly("user_locked");
        });
        assertThat(exchange(grantId).status()).isEqualTo(200);
    }

    @Test
    void anotherAgentCannotRedeemTheGrant(Browser browser) {
        String grantId = approvedGrant(browser, person("foreign"), Map.of());
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());

        Http.Response response =
                exchange(other, exchangeForm(grantId, other.presentation()), dpopProof(other.attestation.instanceKey));

        assertError(response, "invalid_grant");
        assertThat(uses(grantId)).isZero();
    }

    @Test
    void scopeAudienceKeyAndDpopMustMatchTheGrant(Browser browser) {
        String grantId = approvedGrant(browser, person("checked"), Map.of());
        TestKeys stranger = TestKeys.p256();

        Map<String, String> scope = exchangeForm(grantId, fixture.presentation());
        scope.put("scope", "mail.send");
        assertError(exchange(scope, dpopProof()), "invalid_scope");

        Map<String, String> audience = exchangeForm(grantId, fixture.presentation());
        audience.put("audience", "account");
        assertError(exchange(audience, dpopProof()), "invalid_target");

        assertError(exchange(exchangeForm(grantId, presentationSignedBy(stranger)), dpopProof()), "invalid_grant");
        assertError(exchange(exchangeForm(grantId, fixture.presentation()), dpopProof(stranger)), "invalid_dpop_proof");
        assertError(exchange(exchangeForm(grantId, fixture.presentation()), null), "invalid_dpop_proof");

        assertThat(uses(grantId)).isZero();
        assertThat(status(grantId)).isEqualTo("APPROVED");
        JsonNode refused = auditRecords(grantId, "token_refused");
        assertThat(refused.findValuesAsText("reason"))
                .containsExactly(
                        "scope_not_approved",
                        "audience_not_granted",
                        "attestation_presentation:instance_key_mismatch",
                        "dpop_key_mismatch",
                        "dpop_missing");
        assertThat(refused.findValuesAsText("outcome")).containsOnly("refused");
        Map<String, String> narrowed = exchangeForm(grantId, fixture.presentation());
        narrowed.put("scope", "calendar.read");
        narrowed.put("audience", fixture.audience);
        Http.Response response = exchange(narrowed, dpopProof());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("scope").asText()).isEqualTo("calendar.read");
    }

    /**
     * Keycloak's token endpoint validates the DPoP header itself before any token-exchange provider runs
     * ({@code TokenEndpoint#processGrantRequest} → {@code DPoPUtil.handleDPoPHeader}, Keycloak 26.7.3): a proof it
     * rejects, and a missing proof from an agent with Keycloak's own {@code dpop.bound.access.tokens} on, get
     * Keycloak's 400 {@code invalid_request} (its event error is {@code invalid_dpop_proof}); the extension never sees
     * the request, so it writes no audit record. A proof Keycloak accepts but signed by another key is the
     * extension's {@code invalid_dpop_proof}. The deviation is documented in docs/wire-contract.md.
     */
    @Test
    void proofsKeycloakRejectsGetItsInvalidRequestBeforeTheExchangeRuns(Browser browser) {
        String grantId = approvedGrant(browser, person("keycloak-dpop"), Map.of());
        String userinfo = keycloak.baseUri()
                .resolve("/realms/" + REALM + "/protocol/openid-connect/userinfo")
                .toString();
        fixture.setAttributes(Map.of("dpop.bound.access.tokens", "true"));
        try {
            assertKeycloakDpopRefusal(exchange(exchangeForm(grantId, fixture.presentation()), null));
            assertKeycloakDpopRefusal(exchange(
                    exchangeForm(grantId, fixture.presentation()),
                    ExchangeCalls.dpopProof(fixture.attestation.instanceKey, userinfo)));
            assertError(
                    exchange(exchangeForm(grantId, fixture.presentation()), dpopProof(TestKeys.p256())),
                    "invalid_dpop_proof");
        } finally {
            fixture.setAttributes(Map.of("dpop.bound.access.tokens", ""));
        }
        // Without Keycloak's setting, a DPoP header that is sent is still validated by Keycloak first.
        assertKeycloakDpopRefusal(exchange(
                exchangeForm(grantId, fixture.presentation()),
                ExchangeCalls.dpopProof(fixture.attestation.instanceKey, userinfo)));

        assertThat(uses(grantId)).isZero();
        assertThat(auditRecords(grantId, "token_refused").findValuesAsText("reason"))
                .containsExactly("dpop_key_mismatch");
        JsonNode events = keycloak.admin()
                .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + fixture.agent + "&max=200");
        List<String> keycloakReasons = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("error").asText().equals("invalid_dpop_proof")) {
                keycloakReasons.add(e.path("details").path("reason").asText());
            }
        });
        assertThat(keycloakReasons)
                .contains("DPoP proof is missing")
                .anySatisfy(reason -> assertThat(reason).contains("DPoP HTTP URL mismatch"));
        assertThat(exchange(grantId).status()).isEqualTo(200);
    }

    /**
     * RFC 9449 §8 for an agent with {@code agent-grant.dpop-nonce-required}: a proof without the server's nonce, or with
     * a forged or another agent's one, answers {@code use_dpop_nonce} with a fresh {@code DPoP-Nonce}; a proof carrying
     * it passes, and the success carries the next nonce. The challenge burns nothing: the same presentation then mints.
     */
    @Test
    void anAgentRequiringNoncesIsAskedForOneAndThenMints(Browser browser) {
        String grantId = approvedGrant(browser, person("nonce"), Map.of());
        String presentation = fixture.presentation();
        String tokenEndpoint = keycloak.baseUri().resolve(TOKEN_PATH).toString();
        fixture.setAttributes(Map.of("agent-grant.dpop-nonce-required", "true"));
        try {
            Http.Response challenge = exchange(exchangeForm(grantId, presentation), dpopProof());
            assertError(challenge, "use_dpop_nonce");
            String nonce = challenge.header("DPoP-Nonce");
            assertThat(nonce).as(challenge.toString()).isNotBlank();

            String forged = nonce.substring(0, nonce.length() - 2) + (nonce.endsWith("AA") ? "BA" : "AA");
            Http.Response wrong = exchange(
                    exchangeForm(grantId, presentation),
                    ExchangeCalls.dpopProof(fixture.attestation.instanceKey, tokenEndpoint, forged));
            assertError(wrong, "use_dpop_nonce");
            assertThat(wrong.header("DPoP-Nonce")).isNotBlank();

            Http.Response minted = exchange(
                    exchangeForm(grantId, presentation),
                    ExchangeCalls.dpopProof(fixture.attestation.instanceKey, tokenEndpoint, nonce));
            assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
            assertThat(minted.json().path("token_type").asText()).isEqualTo("DPoP");
            String next = minted.header("DPoP-Nonce");
            assertThat(next).isNotBlank();

            Http.Response again = exchange(
                    exchangeForm(grantId, fixture.presentation()),
                    ExchangeCalls.dpopProof(fixture.attestation.instanceKey, tokenEndpoint, next));
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
        } finally {
            fixture.setAttributes(Map.of("agent-grant.dpop-nonce-required", ""));
        }

        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of("agent-grant.dpop-nonce-required", "true"));
        String othersNonce = exchange(
                        other, exchangeForm(grantId, other.presentation()), dpopProof(other.attestation.instanceKey))
                .header("DPoP-Nonce");
        assertThat(othersNonce).isNotBlank();
        fixture.setAttributes(Map.of("agent-grant.dpop-nonce-required", "true"));
        try {
            assertError(
                    exchange(
                            exchangeForm(grantId, fixture.presentation()),
                            ExchangeCalls.dpopProof(fixture.attestation.instanceKey, tokenEndpoint, othersNonce)),
                    "use_dpop_nonce");
        } finally {
            fixture.setAttributes(Map.of("agent-grant.dpop-nonce-required", ""));
        }

        assertThat(uses(grantId)).isEqualTo(2);
        // Neither the nonce challenges nor the other agent's attempt on a grant that is not its own are audited: events
        // only.
        assertThat(auditRecords(grantId, "token_refused").findValuesAsText("reason"))
                .isEmpty();
        assertThat(keycloak.admin()
                        .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + other.agent)
                        .findValuesAsText("reason"))
                .contains("foreign_grant");
        JsonNode events = keycloak.admin()
                .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + fixture.agent + "&max=200");
        List<String> reasons = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("error").asText().equals("use_dpop_nonce")
                    && e.path("details").path("grant_id").asText().equals(grantId)) {
                reasons.add(e.path("details").path("reason").asText());
            }
        });
        assertThat(reasons).containsExactlyInAnyOrder("dpop_nonce_missing", "dpop_nonce_invalid", "dpop_nonce_invalid");
    }

    /** Keycloak's own DPoP refusal: RFC 6749 §5.2 shape and no-store, but {@code invalid_request}, not RFC 9449's code. */
    private static void assertKeycloakDpopRefusal(Http.Response response) {
        assertError(response, "invalid_request");
        assertThat(response.json().path("error_description").asText())
                .as(response.toString())
                .containsIgnoringCase("DPoP");
    }

    /**
     * docs/wire-contract.md, "Exchange": a token that would live less than 30 s is refused, and that refusal comes before the presentation's
     * replay entry — the same presentation is refused for the same reason again, not as a replay, and no use is gone.
     */
    @Test
    void aTokenTooShortLivedIsRefusedWithoutBurningThePresentation(Browser browser) {
        String grantId = approvedGrant(browser, person("short"), Map.of());
        Instant now = Instant.now();
        String svid = TestJws.sign(
                Map.of("alg", "ES256", "kid", fixture.attestation.trustDomainKid, "typ", "JWT"),
                Map.of(
                        "sub",
                        fixture.workload,
                        "aud",
                        List.of(fixture.issuer()),
                        "iat",
                        now.getEpochSecond(),
                        "exp",
                        now.getEpochSecond() + 20),
                fixture.attestation.trustDomainKey.pair().getPrivate());
        String presentation =
                fixture.attestation.presentation(fixture.agent, fixture.issuer(), Map.of(fixture.source, svid), now);

        assertError(exchange(exchangeForm(grantId, presentation), dpopProof()), "invalid_grant");
        assertError(exchange(exchangeForm(grantId, presentation), dpopProof()), "invalid_grant");

        assertThat(auditRecords(grantId, "token_refused").findValuesAsText("reason"))
                .containsExactly("token_lifetime_too_short", "token_lifetime_too_short");
        assertThat(uses(grantId)).isZero();
        assertThat(exchange(grantId).status()).isEqualTo(200);
    }

    @Test
    void aGrantMintsNoMoreThanItsMaxUses(Browser browser) {
        String grantId = approvedGrant(browser, person("exhausted"), Map.of("max_uses", "2"));

        assertThat(exchange(grantId).status()).isEqualTo(200);
        assertThat(exchange(grantId).status()).isEqualTo(200);
        assertError(exchange(grantId), "invalid_grant");

        assertThat(status(grantId)).isEqualTo("EXHAUSTED");
        assertThat(uses(grantId)).isEqualTo(2);
    }

    /** 20 exchanges at once, each with its own presentation and proof, for 3 uses: 3 tokens, 17 refusals. */
    @Test
    void twentyConcurrentExchangesNeverExceedMaxUses(Browser browser) throws Exception {
        String grantId = approvedGrant(browser, person("racer"), Map.of("max_uses", "3"));
        List<Map<String, String>> forms = new ArrayList<>();
        List<String> proofs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            forms.add(exchangeForm(grantId, fixture.presentation()));
            proofs.add(dpopProof());
        }
        AtomicInteger next = new AtomicInteger();

        List<Http.Response> responses = Concurrently.run(20, () -> {
            int i = next.getAndIncrement();
            return exchange(forms.get(i), proofs.get(i));
        });

        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 400));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(3);
        List<Http.Response> refused =
                responses.stream().filter(r -> r.status() != 200).toList();
        assertThat(refused).hasSize(17).allSatisfy(r -> assertError(r, "invalid_grant"));
        assertThat(status(grantId)).isEqualTo("EXHAUSTED");
        assertThat(uses(grantId)).isEqualTo(3);
    }

    /** Shape and client checks come before the grant is even read: a pending grant answers them, not "pending". */
    @Test
    void malformedRequestsAndNonAgentsAreRefusedBeforeTheGrantIsRead() {
        String grantId = requested(person("shape"), Map.of()).path("grant_id").asText();
        List<Map<String, String>> malformed = new ArrayList<>();
        Map<String, String> noActor = exchangeForm(grantId, fixture.presentation());
        noActor.remove("actor_token");
        malformed.add(noActor);
        Map<String, String> noActorType = exchangeForm(grantId, fixture.presentation());
        noActorType.remove("actor_token_type");
        malformed.add(noActorType);
        Map<String, String> refresh = exchangeForm(grantId, fixture.presentation());
        refresh.put("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
        malformed.add(refresh);
        Map<String, String> unknown = exchangeForm(grantId, fixture.presentation());
        unknown.put("requested_subject", "alice");
        malformed.add(unknown);
        Map<String, String> accessTokenActor = exchangeForm(grantId, fixture.presentation());
        accessTokenActor.put("actor_token_type", "urn:ietf:params:oauth:token-type:access_token");
        malformed.add(accessTokenActor);
        for (Map<String, String> form : malformed) {
            assertError(exchange(form, dpopProof()), "invalid_request");
        }

        // A grant id with another subject type is claimed by this exchange too (its actor type is ours) and refused.
        Map<String, String> otherSubjectType = exchangeForm(grantId, fixture.presentation());
        otherSubjectType.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        assertError(exchange(otherSubjectType, dpopProof()), "invalid_request");
        // With the access-token type it is a sub-agent's exchange, whose subject must be a task token: a grant id is
        // not.
        otherSubjectType.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        assertError(exchange(otherSubjectType, dpopProof()), "invalid_grant");

        // A Keycloak access token of the agent passed as the task grant.
        String accessToken = fixture.http()
                .postForm(TOKEN_PATH, Map.of("grant_type", "client_credentials"), "Authorization", fixture.basicAuth())
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        assertError(exchange(exchangeForm(accessToken, fixture.presentation()), dpopProof()), "invalid_grant");
        assertError(
                exchange(exchangeForm("no-such-grant-" + UUID.randomUUID(), fixture.presentation()), dpopProof()),
                "invalid_grant");

        String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        keycloak.admin()
                .post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                plain,
                                "publicClient",
                                false,
                                "secret",
                                "plain-secret",
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false))
                .expect(201);
        Http.Response notAnAgent = fixture.http()
                .postForm(
                        TOKEN_PATH,
                        exchangeForm(grantId, fixture.presentation()),
                        "Authorization",
                        Http.basic(plain, "plain-secret"),
                        "DPoP",
                        dpopProof());
        assertError(notAnAgent, "unauthorized_client");

        assertError(exchange(exchangeForm(grantId, fixture.presentation()), dpopProof()), "authorization_pending");
    }

    /**
     * Client authentication is Keycloak's own and runs before any token-exchange provider
     * (Keycloak 26.7.3 {@code TokenEndpoint#checkClient} → {@code AuthorizeClientUtil.authorizeClient}): its answers are
     * pinned here as they are. A wrong or missing secret of an existing client is 401 {@code unauthorized_client}
     * ({@code ClientIdAndSecretAuthenticator}), where RFC 6749 §5.2 says {@code invalid_client} — a documented
     * deviation (docs/wire-contract.md). What the extension decides itself follows the contract: a public client is
     * 401 {@code invalid_client}; a client that is not an agent, no longer one, or suspended is
     * {@code unauthorized_client}. None of them reads the grant.
     */
    @Test
    void clientAuthenticationAndAgentChecksComeFirst() {
        String grantId = requested(person("client"), Map.of()).path("grant_id").asText();
        Map<String, String> form = exchangeForm(grantId, fixture.presentation());
        Http http = fixture.http();

        assertError(http.postForm(TOKEN_PATH, form, "DPoP", dpopProof()), 401, "invalid_client");
        assertError(
                http.postForm(
                        TOKEN_PATH, form, "Authorization", basic(fixture.agent, "wrong-secret"), "DPoP", dpopProof()),
                401,
                "unauthorized_client");
        Map<String, String> idOnly = new LinkedHashMap<>(form);
        idOnly.put("client_id", fixture.agent);
        assertError(http.postForm(TOKEN_PATH, idOnly, "DPoP", dpopProof()), 401, "unauthorized_client");
        assertError(
                http.postForm(
                        TOKEN_PATH,
                        form,
                        "Authorization",
                        basic("no-such-client-" + fixture.suffix, "x"),
                        "DPoP",
                        dpopProof()),
                401,
                "invalid_client");

        String publicAgent = "public-agent-" + fixture.suffix;
        keycloak.admin()
                .post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                publicAgent,
                                "publicClient",
                                true,
                                "standardFlowEnabled",
                                false,
                                "attributes",
                                Map.of(
                                        "agent-grant.enabled",
                                        "true",
                                        "agent-grant.allowed-audiences",
                                        fixture.audience,
                                        "agent-grant.allowed-scopes",
                                        AgentGrantFixture.SCOPES)))
                .expect(201);
        Map<String, String> publicForm = new LinkedHashMap<>(form);
        publicForm.put("client_id", publicAgent);
        assertError(http.postForm(TOKEN_PATH, publicForm, "DPoP", dpopProof()), 401, "invalid_client");

        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        other.setAttributes(Map.of("agent-grant.enabled", "false"));
        assertError(
                exchange(other, exchangeForm(grantId, other.presentation()), dpopProof(other.attestation.instanceKey)),
                "unauthorized_client");
        other.setAttributes(Map.of("agent-grant.enabled", "true", "agent-grant.suspended", "true"));
        assertError(
                exchange(other, exchangeForm(grantId, other.presentation()), dpopProof(other.attestation.instanceKey)),
                "unauthorized_client");
        String otherUuid = keycloak.admin()
                .getJson("/realms/" + REALM + "/clients?clientId=" + other.agent)
                .get(0)
                .path("id")
                .asText();
        keycloak.admin()
                .put("/realms/" + REALM + "/clients/" + otherUuid, Map.of("clientId", other.agent, "enabled", false))
                .expect(204);
        assertError(
                exchange(other, exchangeForm(grantId, other.presentation()), dpopProof(other.attestation.instanceKey)),
                401,
                "invalid_client");

        JsonNode events = keycloak.admin()
                .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + other.agent);
        assertThat(events.findValuesAsText("reason")).contains("not_an_agent", "agent_suspended");
        assertThat(events.findValuesAsText("error")).contains("client_disabled");
        assertThat(keycloak.admin()
                        .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + fixture.agent)
                        .findValuesAsText("error"))
                .contains("invalid_client_credentials");
        assertThat(keycloak.admin()
                        .getJson("/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + publicAgent)
                        .findValuesAsText("reason"))
                .contains("public_client");
        assertError(exchange(exchangeForm(grantId, fixture.presentation()), dpopProof()), "authorization_pending");
    }

    private static String basic(String clientId, String secret) {
        return Http.basic(clientId, secret);
    }

    /** A ceiling an admin tightened after the approval wins over the approval (docs/wire-contract.md, "Exchange"). */
    @Test
    void aCeilingTightenedAfterApprovalWins(Browser browser) {
        String grantId = approvedGrant(browser, person("ceiling"), Map.of());
        fixture.setAttributes(Map.of("agent-grant.allowed-scopes", "calendar.read mail.send"));
        try {
            Map<String, String> write = exchangeForm(grantId, fixture.presentation());
            write.put("scope", "calendar.write");
            assertError(exchange(write, dpopProof()), "invalid_scope");

            Http.Response response = exchange(grantId);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().path("scope").asText()).isEqualTo("calendar.read");
        } finally {
            fixture.setAttributes(Map.of("agent-grant.allowed-scopes", AgentGrantFixture.SCOPES));
        }
    }

    /** RFC 8628 §3.5: a request nobody approved within its window answers expired_token. */
    @Test
    void aRequestNobodyApprovedInTimeAnswersExpiredToken() throws Exception {
        AgentGrantFixture impatient = AgentGrantFixture.create(keycloak, Map.of("agent-grant.approval-timeout", "60"));
        String grantId = impatient.requestGrant().path("grant_id").asText();

        Thread.sleep(61_000);

        Http.Response response = exchange(
                impatient,
                exchangeForm(grantId, impatient.presentation()),
                dpopProof(impatient.attestation.instanceKey));
        assertError(response, "expired_token");
    }

    /**
     * The audience client cannot launder a task token into a plain token of the person through
     * Keycloak's standard token exchange, while its own tokens still exchange there as before.
     */
    @Test
    void aTaskTokenCannotBeExchangedThroughKeycloaksStandardExchange(Browser browser) throws Exception {
        String username = person("laundry");
        String grantId = approvedGrant(browser, username, Map.of());
        String taskToken =
                exchange(grantId).expect(200).json().path("access_token").asText();
        String apiUuid = keycloak.admin()
                .getJson("/realms/" + REALM + "/clients?clientId=" + fixture.audience)
                .get(0)
                .path("id")
                .asText();
        ObjectNode api = (ObjectNode) keycloak.admin().getJson("/realms/" + REALM + "/clients/" + apiUuid);
        api.put("secret", "api-secret")
                .put("directAccessGrantsEnabled", true)
                .withObjectProperty("attributes")
                .put("standard.token.exchange.enabled", "true");
        keycloak.admin().put("/realms/" + REALM + "/clients/" + apiUuid, api).expect(204);
        String apiAuth = Http.basic(fixture.audience, "api-secret");

        Http.Response laundered = keycloak.http()
                .postForm(
                        TOKEN_PATH,
                        Map.of(
                                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                                "subject_token", taskToken,
                                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                        "Authorization",
                        apiAuth);

        assertThat(laundered.status()).as(laundered.toString()).isEqualTo(400);
        assertThat(laundered.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(laundered.body()).doesNotContain("access_token");
        assertThat(laundered.header("Cache-Control")).contains("no-store");

        String ownToken = keycloak.http()
                .postForm(
                        TOKEN_PATH,
                        Map.of("grant_type", "password", "username", username, "password", username, "scope", "openid"),
                        "Authorization",
                        apiAuth)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        Http.Response standard = keycloak.http()
                .postForm(
                        TOKEN_PATH,
                        Map.of(
                                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                                "subject_token", ownToken,
                                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                        "Authorization",
                        apiAuth);
        assertThat(standard.status()).as(standard.toString()).isEqualTo(200);
    }
}
