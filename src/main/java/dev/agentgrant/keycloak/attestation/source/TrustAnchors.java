package dev.agentgrant.keycloak.attestation.source;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.AttestationRejection;

import java.text.ParseException;
import java.util.List;

/**
 * A source's trust material as a set of public keys: configured inline ({@link SourceOptions#TRUST}) or fetched
 * from a URL ({@link SourceOptions#TRUST_URL}).
 */
public final class TrustAnchors {

    /** A verification that needs the current keys. */
    @FunctionalInterface
    public interface KeyedVerification<T> {
        T verify(JWKSet keys) throws AttestationRejection;
    }

    private final JWKSet inline;

    private TrustAnchors(JWKSet inline) {
        this.inline = inline;
    }

    public static TrustAnchors read(SourceConfig config) {
        String trust = config.optional(SourceOptions.TRUST).orElse(null);
        String url = config.optional(SourceOptions.TRUST_URL).orElse(null);
        if (trust == null && url == null) {
            config.problems().add(SourceOptions.TRUST + " or " + SourceOptions.TRUST_URL + " is required");
            return new TrustAnchors(new JWKSet());
        }
        if (trust != null && url != null) {
            config.problems().add("set either " + SourceOptions.TRUST + " or " + SourceOptions.TRUST_URL + ", not both");
        }
        if (url != null) {
            config.problems().add(SourceOptions.TRUST_URL + " is not available in this version; configure " + SourceOptions.TRUST);
            return new TrustAnchors(new JWKSet());
        }
        try {
            JWKSet keys = JWKSet.parse(trust);
            List<JWK> publicKeys = keys.getKeys().stream().filter(k -> !k.isPrivate()).toList();
            if (publicKeys.size() != keys.getKeys().size()) {
                config.problems().add(SourceOptions.TRUST + " contains private key material");
            }
            if (publicKeys.isEmpty()) {
                config.problems().add(SourceOptions.TRUST + " holds no keys");
            }
            return new TrustAnchors(new JWKSet(publicKeys));
        } catch (ParseException e) {
            config.problems().add(SourceOptions.TRUST + " is not a JWKS: " + e.getMessage());
            return new TrustAnchors(new JWKSet());
        }
    }

    public <T> T verifyWithRefresh(KeyedVerification<T> verification) throws AttestationRejection {
        return verification.verify(inline);
    }
}
