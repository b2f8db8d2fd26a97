package dev.agentgrant.keycloak.attestation.source;

import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import dev.agentgrant.keycloak.attestation.trust.CachedKeySet;
import dev.agentgrant.keycloak.attestation.trust.KeySetFetcher;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A source's trust material as public keys: configured inline ({@link SourceOptions#TRUST}: a JWKS or SPIFFE
 * bundle, or PEM public keys / certificates) or fetched from {@link SourceOptions#TRUST_URL} and cached (refreshed
 * in the background, refetched at most once per interval for an unknown key id, used stale only up to a bound).
 */
public final class TrustAnchors {

    /** A verification that needs the current keys. */
    @FunctionalInterface
    public interface KeyedVerification<T> {
        T verify(JWKSet keys) throws EvidenceRejected;
    }

    private static final String UNKNOWN_KEY = "unknown_key";

    private final JWKSet inline;
    private final CachedKeySet fetched;

    private TrustAnchors(JWKSet inline, CachedKeySet fetched) {
        this.inline = inline;
        this.fetched = fetched;
    }

    /**
     * @param format how JSON trust material is read: a SPIFFE bundle keeps its {@code jwt-svid} keys only
     */
    public static TrustAnchors read(SourceConfig config, TrustMaterial.KeySetFormat format, TrustFetching fetching) {
        String trust = config.optional(SourceOptions.TRUST).orElse(null);
        String url = config.optional(SourceOptions.TRUST_URL).orElse(null);
        if (trust == null && url == null) {
            config.problems().add(SourceOptions.TRUST + " or " + SourceOptions.TRUST_URL + " is required");
            return new TrustAnchors(new JWKSet(), null);
        }
        if (trust != null && url != null) {
            config.problems()
                    .add("set either " + SourceOptions.TRUST + " or " + SourceOptions.TRUST_URL + ", not both");
            return new TrustAnchors(new JWKSet(), null);
        }
        try {
            if (url != null) {
                URI location = KeySetFetcher.parseUrl(url, fetching.fetch().allowPlainHttp());
                KeySetFetcher fetcher = fetching.fetcher();
                return new TrustAnchors(
                        null,
                        new CachedKeySet(() -> fetcher.fetch(location, format), fetching.cache(), fetching.clock()));
            }
            JWKSet keys =
                    trust.startsWith("-----BEGIN") ? TrustMaterial.parsePem(trust) : TrustMaterial.parse(format, trust);
            return new TrustAnchors(keys, null);
        } catch (EvidenceRejected e) {
            config.problems()
                    .add((url != null ? SourceOptions.TRUST_URL : SourceOptions.TRUST) + ": " + e.getMessage());
            return new TrustAnchors(new JWKSet(), null);
        }
    }

    /** Keys configured inline (they are part of the source's configuration and so of its configuration version). */
    public static TrustAnchors inline(JWKSet keys) {
        return new TrustAnchors(keys, null);
    }

    /** Keys fetched by URL and cached. */
    public static TrustAnchors fetched(CachedKeySet keys) {
        return new TrustAnchors(null, keys);
    }

    /**
     * Which keys {@link #verifyWithRefresh} would verify with now: {@code inline} for keys configured inline (the
     * source's configuration version covers them), else the fetched set's {@link CachedKeySet#currentVersion()},
     * which changes when the set at the URL does. Fails as verification would when no usable set is at hand.
     */
    public String version() throws EvidenceRejected {
        return fetched == null ? "inline" : "fetched:" + fetched.currentVersion();
    }

    /** Runs {@code verification} with the current keys; a fetched set is refetched once when a key id is unknown. */
    public <T> T verifyWithRefresh(KeyedVerification<T> verification) throws EvidenceRejected {
        if (fetched == null) {
            return verification.verify(inline);
        }
        try {
            return verification.verify(fetched.current());
        } catch (EvidenceRejected e) {
            if (!UNKNOWN_KEY.equals(e.reason())) {
                throw e;
            }
            return verification.verify(fetched.refetchForUnknownKid(null));
        }
    }

    /** What the keys are now, without fetching: a set fetched by URL shows what the last good fetch brought. */
    public TrustStatus status() {
        if (fetched == null) {
            return new TrustStatus(
                    TrustStatus.INLINE, keyIds(inline), Optional.empty(), Optional.empty(), Optional.empty());
        }
        CachedKeySet.Status status = fetched.status();
        return new TrustStatus(
                TrustStatus.URL,
                fetched.held().map(TrustAnchors::keyIds).orElse(List.of()),
                status.fetchedAt(),
                status.lastAttempt(),
                status.lastFailure());
    }

    private static List<String> keyIds(JWKSet keys) {
        return keys.getKeys().stream()
                .map(key -> key.getKeyID() == null ? "" : key.getKeyID())
                .toList();
    }

    /** For the factory's scheduler. */
    public void refreshIfDue() {
        if (fetched != null) {
            fetched.refreshIfDue();
        }
    }
}
