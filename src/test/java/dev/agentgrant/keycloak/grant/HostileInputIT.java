package dev.agentgrant.keycloak.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed, oversized and repeated input to every endpoint and page of the extension, with and without credentials:
 * no answer is ever a 5xx. Where the extension reads the input, agent and admin endpoints answer 400 in the RFC 6749
 * §5.2 shape with {@code Cache-Control: no-store} and the person's pages answer 400 with the theme's HTML page.
 *
 * <p>The endpoints are found with {@code grep -rn '@Path\|@GET\|@POST\|@DELETE' src/main/java}: the realm resource
 * ({@code /realms/{realm}/agent-grant}: discovery, requests, grants/{id}, grants/{id}/revoke, verify, verify/switch,
 * my-grants, my-grants/{id}/revoke, my-grants/{id}/review) and the admin resource
 * ({@code /admin/realms/{realm}/agent-grant}: grants, grants/{id}, grants/{id}/revoke, grants/revoke,
 * agents/{clientId}/suspend and /resume, users/{userId}/grants, provenance, provenance/{id}, attestation/explain).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String FORM = "application/x-www-form-urlencoded";

    /** What the extension must answer to a malformed body or query it reads. */
    enum Shape {
        /** 400 {"error": "invalid_request", …} with Cache-Control: no-store. */
        OAUTH_400,
        /** 400 with an HTML page. */
        PAGE_400,
        /** Keycloak answers before the extension (admin authentication, media-type matching): any 4xx. */
        ANY_4XX,
        /** Input the endpoint does not read (discovery takes no parameters): anything but a 5xx. */
        NOT_5XX
    }

    enum Caller {
        NONE,
        AGENT,
        ADMIN
    }

    record Endpoint(String method, String path, Caller caller, Shape malformedForm, Shape malformedQuery) {}

    /** Bodies that no strict reader accepts. */
    private static final Map<String, String> MALFORMED_FORMS = new LinkedHashMap<>();
    /** Queries that are valid URIs but not valid form encoding of UTF-8. */
    private static final Map<String, String> MALFORMED_QUERIES = new LinkedHashMap<>();

    static {
        MALFORMED_FORMS.put("%zz", "scope=%zz");
        MALFORMED_FORMS.put("lone %", "purpose=%");
        MALFORMED_FORMS.put("%F", "purpose=%F");
        MALFORMED_FORMS.put("%zz in a name, no credentials", "a%zz=1");
        MALFORMED_FORMS.put("%FF%FE", "purpose=%FF%FE");
        MALFORMED_FORMS.put("overlong %C0%AF", "purpose=%C0%AF");
        MALFORMED_FORMS.put("surrogate %ED%A0%80", "purpose=%ED%A0%80");
        MALFORMED_FORMS.put("body over 256 KiB", "purpose=" + "x".repeat(300 * 1024));
        MALFORMED_FORMS.put("more than 64 parameters", "a=1&".repeat(65));
        MALFORMED_QUERIES.put("%FF%FE", "user_code=%FF%FE");
        MALFORMED_QUERIES.put("overlong %C0%AF", "user=%C0%AF");
        MALFORMED_QUERIES.put("surrogate %ED%A0%80", "x=%ED%A0%80");
    }

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;
    private String grantId;
    private List<Endpoint> endpoints;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.fixture = AgentGrantFixture.create(keycloak, Map.of());
        this.grantId = fixture.requestGrant().path("grant_id").asText();
        String realm = "/realms/" + fixture.realm + "/agent-grant";
        String admin = "/admin/realms/" + fixture.realm + "/agent-grant";
        String userId = "00000000-0000-0000-0000-000000000000"; // no such user: erasure must not touch real grants
        endpoints = new ArrayList<>();
        for (Caller caller : List.of(Caller.NONE, Caller.AGENT)) {
            endpoints.add(new Endpoint("GET", realm, caller, Shape.NOT_5XX, Shape.NOT_5XX));
            endpoints.add(new Endpoint("POST", realm + "/requests", caller, Shape.OAUTH_400, Shape.OAUTH_400));
            endpoints.add(new Endpoint("GET", realm + "/grants/" + grantId, caller, Shape.ANY_4XX, Shape.OAUTH_400));
            endpoints.add(new Endpoint("POST", realm + "/grants/" + grantId, caller, Shape.OAUTH_400, Shape.OAUTH_400));
            endpoints.add(new Endpoint(
                    "POST", realm + "/grants/" + grantId + "/revoke", caller, Shape.OAUTH_400, Shape.OAUTH_400));
        }
        for (String page : List.of("/verify", "/my-grants")) {
            endpoints.add(new Endpoint("GET", realm + page, Caller.NONE, Shape.ANY_4XX, Shape.PAGE_400));
        }
        for (String page : List.of(
                "/verify",
                "/verify/switch",
                "/my-grants/" + grantId + "/revoke",
                "/my-grants/" + grantId + "/review")) {
            endpoints.add(new Endpoint("POST", realm + page, Caller.NONE, Shape.PAGE_400, Shape.PAGE_400));
        }
        // Admin endpoints: without a token Keycloak's admin authentication answers 401 before the extension runs.
        List<String[]> adminCalls = List.of(
                new String[] {"GET", admin + "/grants"},
                new String[] {"GET", admin + "/grants/" + grantId},
                new String[] {"POST", admin + "/grants/" + grantId + "/revoke"},
                new String[] {"POST", admin + "/grants/revoke"},
                new String[] {"POST", admin + "/agents/" + fixture.agent + "/suspend"},
                new String[] {"POST", admin + "/agents/" + fixture.agent + "/resume"},
                new String[] {"GET", admin + "/users/" + userId + "/grants"},
                new String[] {"DELETE", admin + "/users/" + userId + "/grants"},
                new String[] {"GET", admin + "/provenance"},
                new String[] {"POST", admin + "/provenance"},
                new String[] {"GET", admin + "/provenance/no-such-id"},
                new String[] {"DELETE", admin + "/provenance/no-such-id"},
                new String[] {"POST", admin + "/attestation/explain"});
        for (String[] call : adminCalls) {
            endpoints.add(new Endpoint(call[0], call[1], Caller.NONE, Shape.ANY_4XX, Shape.ANY_4XX));
            boolean takesJson = call[1].endsWith("/grants/revoke")
                    || call[1].endsWith("/provenance") && call[0].equals("POST")
                    || call[1].endsWith("/explain");
            boolean readsBody = call[0].equals("POST");
            // JSON endpoints refuse a form body by media type (415) before anything parses it.
            endpoints.add(new Endpoint(
                    call[0],
                    call[1],
                    Caller.ADMIN,
                    readsBody && !takesJson ? Shape.OAUTH_400 : Shape.ANY_4XX,
                    Shape.OAUTH_400));
        }
    }

    @Test
    void malformedFormBodiesAreRefusedAndNeverA5xx() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.method().equals("POST")) {
                continue; // only POST, PUT and PATCH bodies are parsed as forms, and the extension takes no PUT or
                // PATCH
            }
            for (Map.Entry<String, String> body : MALFORMED_FORMS.entrySet()) {
                Answer answer = send(endpoint, "", FORM, body.getValue().getBytes(StandardCharsets.US_ASCII));
                check(softly, endpoint, endpoint.malformedForm(), answer, "form " + body.getKey());
            }
        }
        softly.assertAll();
    }

    @Test
    void rawBytesThatAreNotUtf8AreRefused() {
        SoftAssertions softly = new SoftAssertions();
        byte[] body = {'p', 'u', 'r', 'p', 'o', 's', 'e', '=', (byte) 0xC3, (byte) 0x28};
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method().equals("POST")) {
                check(softly, endpoint, endpoint.malformedForm(), send(endpoint, "", FORM, body), "raw invalid UTF-8");
            }
        }
        softly.assertAll();
    }

    @Test
    void malformedQueriesAreRefusedAndNeverA5xx() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, String> query : MALFORMED_QUERIES.entrySet()) {
                Answer answer = send(endpoint, "?" + query.getValue(), null, null);
                check(softly, endpoint, endpoint.malformedQuery(), answer, "query " + query.getKey());
            }
        }
        softly.assertAll();
    }

    /**
     * A URL whose own percent-encoding is malformed ({@code ?x=%zz}) is answered 400 by Keycloak's HTTP server before
     * any resource runs (java.net.URI refuses to build one, so it goes over a plain socket).
     */
    @Test
    void urlsWithMalformedPercentEncodingAreNeverA5xx() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (String query : List.of("?user_code=%zz", "?x=%", "?a%zz=1")) {
                int status = rawStatus(endpoint.method(), endpoint.path() + query);
                softly.assertThat(status)
                        .as("%s %s%s", endpoint.method(), endpoint.path(), query)
                        .isBetween(400, 499);
            }
        }
        softly.assertAll();
    }

    /** Oversized values, repeated parameters and unknown ones: the endpoints' own checks answer, never a 5xx. */
    @Test
    void oversizedAndRepeatedParametersAreNeverA5xx() {
        List<String> bodies = List.of(
                "client_id=" + fixture.agent + "&client_id=" + fixture.agent,
                "user_code=ABCD-EFGH&user_code=BCDF-GHJK",
                "scope=" + "x".repeat(5_000),
                "client_id=" + "c".repeat(100_000),
                "purpose=%F0%9F%98%80".repeat(1) + "&login_hint=" + "%F0%9F%98%80".repeat(200),
                "=&=&=",
                "");
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (String body : bodies) {
                Answer answer = endpoint.method().equals("GET")
                        ? send(endpoint, "?" + body, null, null)
                        : send(endpoint, "", FORM, body.getBytes(StandardCharsets.US_ASCII));
                softly.assertThat(answer.status())
                        .as("%s with %s: %s", endpoint, abbreviated(body), answer)
                        .isLessThan(500);
            }
        }
        softly.assertAll();
    }

    /** A repeated parameter is refused, never one of its values taken. */
    @Test
    void repeatedParametersAreRefused() {
        String realm = "/realms/" + fixture.realm + "/agent-grant";
        SoftAssertions softly = new SoftAssertions();
        Map<Endpoint, String> agentCalls = new LinkedHashMap<>();
        agentCalls.put(
                new Endpoint("POST", realm + "/requests", Caller.AGENT, Shape.OAUTH_400, Shape.OAUTH_400),
                "scope=calendar.read&scope=calendar.write&audience=" + fixture.audience + "&purpose=x");
        agentCalls.put(
                new Endpoint("POST", realm + "/grants/" + grantId, Caller.AGENT, Shape.OAUTH_400, Shape.OAUTH_400),
                "client_id=" + fixture.agent + "&client_id=" + fixture.agent);
        agentCalls.put(
                new Endpoint(
                        "POST",
                        realm + "/grants/" + grantId + "/revoke",
                        Caller.AGENT,
                        Shape.OAUTH_400,
                        Shape.OAUTH_400),
                "client_id=" + fixture.agent + "&client_id=" + fixture.agent);
        agentCalls.forEach((endpoint, body) -> check(
                softly,
                endpoint,
                Shape.OAUTH_400,
                send(endpoint, "", FORM, body.getBytes(StandardCharsets.US_ASCII)),
                "repeated parameter"));
        Endpoint verifyPage = new Endpoint("GET", realm + "/verify", Caller.NONE, Shape.PAGE_400, Shape.PAGE_400);
        check(
                softly,
                verifyPage,
                Shape.PAGE_400,
                send(verifyPage, "?user_code=BCDF-GHJK&user_code=ZXCV-BNML", null, null),
                "repeated user_code");
        Endpoint verifyForm = new Endpoint("POST", realm + "/verify", Caller.NONE, Shape.PAGE_400, Shape.PAGE_400);
        check(
                softly,
                verifyForm,
                Shape.PAGE_400,
                send(
                        verifyForm,
                        "",
                        FORM,
                        "user_code=BCDF-GHJK&user_code=ZXCV-BNML".getBytes(StandardCharsets.US_ASCII)),
                "repeated user_code");
        softly.assertAll();
    }

    /** An admin's JSON body that is not UTF-8 is refused before Jackson, which would take some of it, reads it. */
    @Test
    void adminJsonBodiesThatAreNotUtf8AreNeverA5xx() {
        String admin = "/admin/realms/" + fixture.realm + "/agent-grant";
        List<byte[]> bodies = List.of(
                new byte[] {'{', '"', 'u', 's', 'e', 'r', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
                new byte[] {'{', '"', 's', 'o', 'u', 'r', 'c', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
                new byte[] {
                    '{', '"', 'a', 'g', 'e', 'n', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
                });
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/grants/revoke", "/provenance", "/attestation/explain")) {
            for (byte[] body : bodies) {
                Endpoint endpoint = new Endpoint("POST", admin + path, Caller.ADMIN, Shape.OAUTH_400, Shape.OAUTH_400);
                check(
                        softly,
                        endpoint,
                        Shape.OAUTH_400,
                        send(endpoint, "", "application/json", body),
                        "JSON not UTF-8");
            }
        }
        softly.assertAll();
    }

    // ---- sending and checking--------------------------------------------------------------------------------------

    private void check(SoftAssertions softly, Endpoint endpoint, Shape shape, Answer answer, String what) {
        String as = endpoint + " with " + what + ": " + answer;
        softly.assertThat(answer.status()).as(as).isLessThan(500);
        switch (shape) {
            case OAUTH_400 -> {
                softly.assertThat(answer.status()).as(as).isEqualTo(400);
                softly.assertThat(answer.header("Cache-Control")).as(as).contains("no-store");
                softly.assertThat(answer.json().map(json -> json.path("error").asText()))
                        .as(as)
                        .contains("invalid_request");
                softly.assertThat(answer.json()
                                .map(json -> json.path("error_description").asText()))
                        .as(as)
                        .hasValueSatisfying(
                                description -> softly.assertThat(description).isNotBlank());
            }
            case PAGE_400 -> {
                softly.assertThat(answer.status()).as(as).isEqualTo(400);
                softly.assertThat(answer.header("Content-Type")).as(as).startsWith("text/html");
                softly.assertThat(answer.body()).as(as).contains("<html");
            }
            case ANY_4XX -> softly.assertThat(answer.status()).as(as).isBetween(400, 499);
            case NOT_5XX -> {}
        }
    }

    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue()))
                    .findFirst()
                    .orElse("");
        }

        Optional<JsonNode> json() {
            try {
                return Optional.of(JSON.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return status + " " + abbreviated(body);
        }
    }

    private Answer send(Endpoint endpoint, String query, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.baseUri() + endpoint.path() + query))
                .timeout(Duration.ofSeconds(30))
                .method(
                        endpoint.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        switch (endpoint.caller()) {
            case AGENT -> request.header("Authorization", fixture.basicAuth());
            case ADMIN ->
                request.header("Authorization", "Bearer " + keycloak.admin().bearerToken());
            case NONE -> {}
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a request whose target java.net.URI would refuse, sent as bytes over a socket. */
    private int rawStatus(String method, String target) {
        URI base = keycloak.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed", e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
