package dev.agentgrant.demo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.agentgrant.demo.client.Http;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The realm's keys as the demo API keeps them: fetched when needed, again for an unknown kid, but not too often. */
class RealmKeysTest {

    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final IntrospectionCacheTest.TestClock clock = new IntrospectionCacheTest.TestClock();
    private HttpServer server;
    private RealmKeys keys;
    private RSAKey first;
    private RSAKey second;

    @BeforeEach
    void serveTheJwks() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("first").generate();
        second = new RSAKeyGenerator(2048).keyID("second").generate();
        jwks.set(new JWKSet(first).toString(false));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        keys = new RealmKeys(
                new Http(""),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/certs",
                Duration.ofSeconds(10),
                clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theSetIsFetchedWhenFirstNeededAndKeptAndOnlyPublicKeysAreKept() {
        assertThat(keys.key("first"))
                .hasValueSatisfying(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(keys.key("first")).isPresent();

        assertThat(fetches).hasValue(1);
    }

    @Test
    void anUnknownKidFetchesTheSetAgainSoARotatedKeyIsFound() {
        assertThat(keys.key("first")).isPresent();
        jwks.set(new JWKSet(List.of(first, second)).toString(false));
        clock.now = clock.now.plusSeconds(10);

        assertThat(keys.key("second")).isPresent();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void unknownKidsFetchAtMostOncePerIntervalAndAFailedFetchKeepsTheKnownKeys() {
        assertThat(keys.key("first")).isPresent();
        clock.now = clock.now.plusSeconds(10);
        for (int i = 0; i < 20; i++) {
            assertThat(keys.key("made-up-" + i)).isEmpty();
        }
        assertThat(fetches).hasValue(2);

        jwks.set("not a key set");
        clock.now = clock.now.plusSeconds(10);
        assertThat(keys.key("made-up")).isEmpty();
        assertThat(keys.key("first")).as("kept after a failed fetch").isPresent();
        assertThat(fetches).hasValue(3);
    }
}
