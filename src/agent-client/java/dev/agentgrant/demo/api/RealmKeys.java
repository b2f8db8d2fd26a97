package dev.agentgrant.demo.api;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.ToolFailure;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The realm's public signing keys (its JWKS, {@code jwks_uri} of the OpenID Provider metadata), fetched when first
 * needed and kept. A key id the kept set does not know is looked up again — the realm may have rotated its keys —
 * but at most once per {@link #MIN_REFETCH}, so a stream of SETs naming made-up key ids cannot make this API hammer
 * Keycloak. Only public keys are kept.
 */
final class RealmKeys {

    static final Duration MIN_REFETCH = Duration.ofSeconds(10);

    private final Http http;
    private final String jwksUri;
    private final Duration minRefetch;
    private final Clock clock;
    private JWKSet keys = new JWKSet();
    private long lastFetch = Long.MIN_VALUE;

    RealmKeys(Http http, String jwksUri, Clock clock) {
        this(http, jwksUri, MIN_REFETCH, clock);
    }

    RealmKeys(Http http, String jwksUri, Duration minRefetch, Clock clock) {
        this.http = http;
        this.jwksUri = jwksUri;
        this.minRefetch = minRefetch;
        this.clock = clock;
    }

    /** The realm's key with this id, fetching the set again if it is unknown and the last fetch is old enough. */
    synchronized Optional<JWK> key(String kid) {
        JWK key = keys.getKeyByKeyId(kid);
        long now = clock.instant().getEpochSecond();
        if (key == null && (lastFetch == Long.MIN_VALUE || now - lastFetch >= minRefetch.toSeconds())) {
            lastFetch = now;
            keys = fetch();
            key = keys.getKeyByKeyId(kid);
        }
        return Optional.ofNullable(key);
    }

    private JWKSet fetch() {
        Answer answer;
        try {
            answer = http.get(jwksUri);
        } catch (ToolFailure e) {
            // Keep the keys known so far: a realm that cannot be reached now rotated nothing.
            return keys;
        }
        if (answer.status() != 200) {
            return keys;
        }
        try {
            return JWKSet.parse(answer.body()).toPublicJWKSet();
        } catch (ParseException e) {
            return keys;
        }
    }
}
