package dev.agentgrant.keycloak.tasktoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The attack matrix of the rule "a task token is honoured only by its audience and the realm's introspection": one
 * task token, in every spelling Keycloak's parsers accept, presented in every way Keycloak accepts a token, to every
 * Keycloak endpoint that reads one. {@link #violations} lists each answer that treats the token as the person —
 * anything but a refusal (400/401/403) or, at introspection, anything but {@code {"active":false}} or the task-token
 * answer itself (with {@code act} and {@code grant_id}, from the grant as it stands).
 */
final class ConfinementMatrix {

    /**
     * A task token under test, with what must never come back for it.
     *
     * @param agent    the agent holding the token (for a token handed on, the sub-agent: its key signs DPoP proofs)
     * @param audience the token's audience client, whose secret is {@code audienceSecret}
     */
    record Subject(
            String label,
            String token,
            AgentGrantFixture agent,
            String audience,
            String audienceSecret,
            String grantId,
            String username,
            String userId,
            boolean standing) {

        /** A token of the agent's own grant, for the agent's own audience. */
        Subject(
                String label,
                String token,
                AgentGrantFixture agent,
                String audienceSecret,
                String grantId,
                String username,
                String userId,
                boolean standing) {
            this(label, token, agent, agent.audience, audienceSecret, grantId, username, userId, standing);
        }
    }

    private static final Set<Integer> REFUSED = Set.of(400, 401, 403);
    private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final Http node;
    private final String realm;
    /** What each endpoint answered (status codes, and error codes where there was one), for the record. */
    private final Map<String, SortedSet<String>> observed = new TreeMap<>();

    ConfinementMatrix(Http node, String realm) {
        this.node = node;
        this.realm = realm;
    }

    /** Every spelling of {@code token} that Keycloak's token parser reads as the same token. */
    static Map<String, String> spellings(String token) {
        Map<String, String> spellings = new LinkedHashMap<>();
        spellings.put("as issued", token);
        spellings.put("trailing '.'", token + ".");
        spellings.put("trailing '..'", token + "..");
        spellings.put("padding '='", token + "=");
        spellings.put("junk after padding", token + "==x");
        int dot = token.lastIndexOf('.');
        spellings.put(
                "standard Base64 signature",
                token.substring(0, dot + 1)
                        + token.substring(dot + 1).replace('-', '+').replace('_', '/'));
        spellings.put("surrounding whitespace", " " + token + " ");
        return spellings;
    }

    List<String> violations(Subject subject, boolean dpopBound) {
        List<String> violations = new ArrayList<>();
        spellings(subject.token()).forEach((spelling, token) -> {
            String where = subject.label() + " / " + spelling + " / ";
            // Presented in a header, as a client of a Keycloak API would: Bearer always, DPoP (with a proof bound to
            // the token and the request) for a DPoP-bound token.
            List<String> schemes = dpopBound ? List.of("Bearer", "DPoP") : List.of("Bearer");
            for (String scheme : schemes) {
                for (String path : List.of(
                        "/admin/realms/" + realm + "/users",
                        "/admin/realms/" + realm + "/users/" + subject.userId(),
                        "/admin/realms/" + realm + "/agent-grant/grants",
                        "/realms/" + realm + "/account",
                        "/realms/" + realm + "/account/credentials",
                        "/realms/" + realm + "/protocol/openid-connect/userinfo")) {
                    String[] headers =
                            append(presented(scheme, token, subject, "GET", path), "Accept", "application/json");
                    check(violations, where + scheme + " GET " + path, node.get(path, headers), subject);
                }
                // UMA (authorization services): an RPT asked for with the token as the requesting party's.
                Map<String, String> uma = Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket", "audience", subject.audience());
                check(
                        violations,
                        where + scheme + " UMA ticket",
                        node.postForm(tokenPath(), uma, presented(scheme, token, subject, "POST", tokenPath())),
                        subject);
            }
            tokenEndpointAttacks(violations, where, token, subject);
            introspection(violations, where, token, subject);
        });
        return violations;
    }

    /** The token endpoint grants that read a token from the form: exchanges, UMA, refresh, CIBA; and logout. */
    private void tokenEndpointAttacks(List<String> violations, String where, String token, Subject subject) {
        String agentAuth = subject.agent().basicAuth();
        String audienceAuth = Http.basic(subject.audience(), subject.audienceSecret());
        for (Map.Entry<String, String> caller :
                Map.of("agent", agentAuth, "audience", audienceAuth).entrySet()) {
            Map<String, String> standard =
                    Map.of("grant_type", EXCHANGE, "subject_token", token, "subject_token_type", ACCESS_TOKEN_TYPE);
            check(
                    violations,
                    where + caller.getKey() + " standard token exchange",
                    node.postForm(tokenPath(), standard, "Authorization", caller.getValue()),
                    subject);
            Map<String, String> toAudience = new LinkedHashMap<>(standard);
            toAudience.put("audience", subject.agent().agent);
            check(
                    violations,
                    where + caller.getKey() + " standard token exchange with audience",
                    node.postForm(tokenPath(), toAudience, "Authorization", caller.getValue()),
                    subject);
            Map<String, String> asActor = Map.of(
                    "grant_type",
                    EXCHANGE,
                    "subject_token",
                    token,
                    "subject_token_type",
                    ACCESS_TOKEN_TYPE,
                    "actor_token",
                    token,
                    "actor_token_type",
                    ACCESS_TOKEN_TYPE);
            check(
                    violations,
                    where + caller.getKey() + " token exchange with actor token",
                    node.postForm(tokenPath(), asActor, "Authorization", caller.getValue()),
                    subject);
            check(
                    violations,
                    where + caller.getKey() + " UMA with subject_token",
                    node.postForm(
                            tokenPath(),
                            Map.of(
                                    "grant_type",
                                    "urn:ietf:params:oauth:grant-type:uma-ticket",
                                    "audience",
                                    subject.audience(),
                                    "subject_token",
                                    token),
                            "Authorization",
                            caller.getValue()),
                    subject);
            check(
                    violations,
                    where + caller.getKey() + " refresh",
                    node.postForm(
                            tokenPath(),
                            Map.of("grant_type", "refresh_token", "refresh_token", token),
                            "Authorization",
                            caller.getValue()),
                    subject);
            check(
                    violations,
                    where + caller.getKey() + " CIBA id_token_hint",
                    node.postForm(
                            "/realms/" + realm + "/protocol/openid-connect/ext/ciba/auth",
                            Map.of("scope", "openid", "id_token_hint", token),
                            "Authorization",
                            caller.getValue()),
                    subject);
        }
        // RFC 7009 revocation by a client the token was not issued to: Keycloak must not act on it (RFC 7009 §2.2 lets
        // it answer 200 for a token it cannot read; the test checks afterwards that the token still stands).
        checkHarmless(
                violations,
                where + "audience revocation",
                node.postForm(
                        tokenPath().replace("/token", "/revoke"),
                        Map.of("token", token),
                        "Authorization",
                        audienceAuth),
                subject);
        Http.Response logout = node.get("/realms/" + realm + "/protocol/openid-connect/logout?id_token_hint="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&client_id=" + subject.agent().agent);
        check(violations, where + "logout id_token_hint", logout, subject);
    }

    /** RFC 7662 under every hint Keycloak knows, asked by the audience and by the agent. */
    private void introspection(List<String> violations, String where, String token, Subject subject) {
        String path = tokenPath() + "/introspect";
        Map<String, String> callers = Map.of(
                "audience",
                Http.basic(subject.audience(), subject.audienceSecret()),
                "agent",
                subject.agent().basicAuth());
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            for (String hint : new String[] {null, "access_token", "refresh_token", "requesting_party_token"}) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("token", token);
                if (hint != null) {
                    form.put("token_type_hint", hint);
                }
                Http.Response answer = node.postForm(path, form, "Authorization", caller.getValue());
                String what = where + caller.getKey() + " introspection hint=" + hint;
                if (answer.status() != 200) {
                    violations.add(what + ": " + answer);
                    continue;
                }
                JsonNode json = answer.json();
                if (json.toString().equals("{\"active\":false}")) {
                    continue;
                }
                boolean taskAnswer = json.path("active").asBoolean()
                        && subject.agent()
                                .agent
                                .equals(json.path("act").path("client_id").asText())
                        && subject.grantId().equals(json.path("grant_id").asText())
                        && !json.has("realm_access")
                        && !json.has("resource_access")
                        && !json.has("email");
                if (!subject.standing() || !taskAnswer) {
                    violations.add(what + ": " + answer);
                }
            }
        }
    }

    /** One line per endpoint: the answers seen across every token, spelling and presentation. */
    String observations() {
        StringBuilder lines = new StringBuilder();
        observed.forEach((endpoint, answers) ->
                lines.append(endpoint).append(" -> ").append(answers).append('\n'));
        return lines.toString();
    }

    private void checkHarmless(List<String> violations, String what, Http.Response response, Subject subject) {
        check(violations, what, response, subject, true);
    }

    private void check(List<String> violations, String what, Http.Response response, Subject subject) {
        check(violations, what, response, subject, false);
    }

    private void check(
            List<String> violations, String what, Http.Response response, Subject subject, boolean okIsHarmless) {
        String endpoint = what.substring(what.lastIndexOf(" / ") + 3).replaceAll("/users/[0-9a-f-]{36}", "/users/{id}");
        String error = "";
        try {
            error = " " + response.json().path("error").asText("");
        } catch (RuntimeException notJson) {
            // Keycloak's HTML error pages and empty bodies carry no error code.
        }
        observed.computeIfAbsent(endpoint, k -> new TreeSet<>()).add(response.status() + error.stripTrailing());
        String body = response.body();
        boolean refused = REFUSED.contains(response.status()) || (okIsHarmless && response.status() == 200);
        boolean leaks = body.contains("\"access_token\"")
                || body.contains(subject.username())
                || body.contains(subject.userId());
        if (!refused || leaks) {
            violations.add(
                    what + ": " + response.status() + " " + (body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    private String tokenPath() {
        return "/realms/" + realm + "/protocol/openid-connect/token";
    }

    /** The headers presenting {@code token} under {@code scheme} for a {@code method} request to {@code path}. */
    private String[] presented(String scheme, String token, Subject subject, String method, String path) {
        if (scheme.equals("DPoP")) {
            return new String[] {
                "Authorization",
                "DPoP " + token,
                "DPoP",
                proof(subject.agent(), method, node.base().resolve(path).toString(), token)
            };
        }
        return new String[] {"Authorization", "Bearer " + token};
    }

    /** RFC 9449 §4.2 proof by the agent's instance key, bound to {@code token} by {@code ath} (§4.3). */
    static String proof(AgentGrantFixture agent, String method, String htu, String token) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "ES256");
        header.put("jwk", agent.attestation.instanceKey.publicJwk().toJSONObject());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", htu);
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("ath", sha256(token));
        return TestJws.sign(header, claims, agent.attestation.instanceKey.pair().getPrivate());
    }

    private static String sha256(String value) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] append(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
