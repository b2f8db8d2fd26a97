package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.sun.management.ThreadMXBean;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial.KeySetFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded key set fetching over loopback HTTP (docs/attestation.md, "Server options (per source type)"; SPIFFE Trust Domain and Bundle §5). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KeySetFetcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys RSA = TestKeys.rsa(2048);

    private static final HttpClient CLIENT = KeySetFetcher.newHttpClient(TIMEOUT);

    private final KeySetServer server = KeySetServer.start();
    private final KeySetFetcher fetcher =
            new KeySetFetcher(CLIENT, new KeySetFetcher.Settings(TIMEOUT, TrustMaterial.MAX_LENGTH, true));

    @AfterEach
    void stopServer() {
        server.close();
    }

    static String goodJwks() {
        return TestJws.json(
                Map.of("keys", List.of(TrustMaterialTest.jwk(EC, "ec-1"), TrustMaterialTest.jwk(RSA, "rsa-1"))));
    }

    private EvidenceRejected fetchFails(String path) {
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> fetcher.fetch(server.uri(path), KeySetFormat.JWKS));
        assertThat(rejection).as("fetching " + path + " must fail").isNotNull();
        return rejection;
    }

    @Test
    void aGoodJwksIsFetchedAskingForJson() throws EvidenceRejected {
        server.serveJson("/jwks", goodJwks());

        JWKSet set = fetcher.fetch(server.uri("/jwks"), KeySetFormat.JWKS);

        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("ec-1", "rsa-1");
        assertThat(server.acceptHeaders).containsExactly("application/json");
    }

    @Test
    void aSpiffeBundleKeepsItsJwtAuthorities() throws EvidenceRejected {
        server.serveJson(
                "/bundle",
                TrustMaterialTest.bundle(
                        TestJws.json(TrustMaterialTest.with(TrustMaterialTest.jwk(EC, "jwt-1"), "use", "jwt-svid")),
                        TrustMaterialTest.X509_AUTHORITY_WITH_BROKEN_X5C));

        JWKSet set = fetcher.fetch(server.uri("/bundle"), KeySetFormat.SPIFFE_BUNDLE);

        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("jwt-1");
        assertThat(set.getKeys().get(0).getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheBound() {
        server.serve("/hang", exchange -> server.hang());

        long started = System.nanoTime();
        EvidenceRejected rejection = fetchFails("/hang");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBodyTrickledAfterTheHeadersStillTimesOut() {
        // The JDK request timeout stops at the headers; only the whole-exchange deadline catches this one.
        server.serve("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 10_000);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 10_000; i++) {
                out.write(' ');
                out.flush();
                sleep(100);
            }
        });

        long started = System.nanoTime();
        EvidenceRejected rejection = fetchFails("/trickle");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.TIMEOUT);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "declared length: {0}")
    @ValueSource(booleans = {true, false})
    void aFiftyMegabyteBodyIsCutOffWithBoundedMemory(boolean declaresLength) throws Exception {
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.serve("/huge", exchange -> {
            // Streamed from one small buffer: the test allocates no 50 MB either.
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            long sent = 0;
            try {
                exchange.sendResponseHeaders(200, declaresLength ? FIFTY_MB : 0);
                OutputStream out = exchange.getResponseBody();
                while (sent < FIFTY_MB) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException e) {
                // The client hung up: what the test expects.
            } finally {
                written.complete(sent);
            }
        });
        Map<Long, Long> allocatedBefore = allocatedBytesByThread();

        EvidenceRejected rejection = fetchFails("/huge");
        long allocated = allocatedSince(allocatedBefore);

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.TOO_LARGE);
        // The connection is dropped: the server stops early instead of pushing all 50 MB into a reader.
        assertThat(written.get(5, TimeUnit.SECONDS)).isLessThan(16L * 1024 * 1024);
        assertThat(allocated)
                .as("bytes allocated by all threads during the fetch")
                .isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aServerErrorIsAnHttpStatusFailure() {
        server.serveJson("/error", () -> 500, () -> "{\"error\":\"boom\"}");

        EvidenceRejected rejection = fetchFails("/error");

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.HTTP_STATUS);
        assertThat(rejection.getMessage()).contains("HTTP 500");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void redirectsAreNotFollowed(int status) {
        server.serveJson("/jwks", goodJwks());
        server.serve("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", server.uri("/jwks").toString());
            exchange.sendResponseHeaders(status, -1);
        });

        EvidenceRejected rejection = fetchFails("/moved");

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.HTTP_STATUS);
        assertThat(rejection.getMessage()).contains("redirects are not followed");
        assertThat(server.hits("/jwks")).isZero();
    }

    @Test
    void aClientThatFollowsRedirectsIsRefusedAtConstruction() {
        HttpClient following = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        assertThatThrownBy(() -> new KeySetFetcher(following, KeySetFetcher.Settings.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void htmlIsUnparseable() {
        server.serveJson("/html", "<html><body>Sign in</body></html>");

        assertThat(fetchFails("/html").reason()).isEqualTo(KeySetFetcher.UNPARSEABLE);
    }

    @Test
    void aBodyThatIsNotUtf8IsUnparseable() {
        server.serve("/latin1", exchange -> {
            byte[] body = "{\"keys\":[],\"x\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });

        assertThat(fetchFails("/latin1").reason()).isEqualTo(KeySetFetcher.UNPARSEABLE);
    }

    @Test
    void anEmptyBodyIsUnparseable() {
        server.serveJson("/empty", "");

        assertThat(fetchFails("/empty").reason()).isEqualTo(KeySetFetcher.UNPARSEABLE);
    }

    @Test
    void aJwksWithAPrivateKeyIsRefused() {
        server.serveJson("/private", TestJws.json(Map.of("keys", List.of(TrustMaterialTest.privateJwk(EC, "leaked")))));

        EvidenceRejected rejection = fetchFails("/private");

        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
        assertThat(rejection.getMessage()).contains("private key material");
    }

    @Test
    void aBodyOverTheConfiguredCapIsTooLarge() {
        KeySetFetcher small = new KeySetFetcher(CLIENT, new KeySetFetcher.Settings(TIMEOUT, 100, true));
        server.serveJson("/jwks", goodJwks());

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> small.fetch(server.uri("/jwks"), KeySetFormat.JWKS));

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.TOO_LARGE);
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedAndNothingIsRequested() {
        KeySetFetcher httpsOnly = new KeySetFetcher(CLIENT, KeySetFetcher.Settings.defaults());
        server.serveJson("/jwks", goodJwks());

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> httpsOnly.fetch(server.uri("/jwks"), KeySetFormat.JWKS));

        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
        assertThat(rejection.getMessage()).contains("must use https");
        assertThat(server.hits("/jwks")).isZero();
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class,
                () -> fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/jwks"), KeySetFormat.JWKS));

        assertThat(rejection.reason()).isEqualTo(KeySetFetcher.UNREACHABLE);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(
            strings = {
                "",
                "jwks.json",
                "ftp://keys.example.com/jwks",
                "http://keys.example.com/jwks",
                "https://user:secret@keys.example.com/jwks",
                "https://keys.example.com/jwks#frag",
                "https:///jwks",
                "https://keys example.com/jwks",
                "file:///etc/passwd",
                "mailto:keys@example.com"
            })
    void aBadUrlIsInvalidTrustMaterial(String url) {
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> KeySetFetcher.parseUrl(url, false));

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
    }

    @Test
    void goodUrlsParse() throws EvidenceRejected {
        assertThat(KeySetFetcher.parseUrl(" https://spire.example.com:8443/bundle?td=example.org ", false))
                .isEqualTo(URI.create("https://spire.example.com:8443/bundle?td=example.org"));
        assertThat(KeySetFetcher.parseUrl("http://localhost:8080/jwks", true)).hasScheme("http");
    }

    private static Map<Long, Long> allocatedBytesByThread() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            byThread.put(ids[i], bytes[i]);
        }
        return byThread;
    }

    private static long allocatedSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : allocatedBytesByThread().entrySet()) {
            if (now.getValue() > 0) {
                total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
            }
        }
        return total;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
