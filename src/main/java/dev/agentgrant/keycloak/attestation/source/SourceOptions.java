package dev.agentgrant.keycloak.attestation.source;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The configuration options every attestation source shares (docs/attestation.md lists them all). */
public final class SourceOptions {

    /** Inline trust material: a JWKS, a SPIFFE bundle, or PEM public keys / certificates. */
    public static final String TRUST = "trust";
    /** A URL serving the trust material (JWKS or SPIFFE bundle), fetched and cached. */
    public static final String TRUST_URL = "trust-url";
    /** The one audience identity evidence must name; default: this realm's issuer URL. */
    public static final String AUDIENCE = "audience";
    /** Accepted JWS algorithms. */
    public static final String ALGORITHMS = "algorithms";
    /** How old evidence may be (by its issue time); for evidence without expiry, also how long it stays valid. */
    public static final String MAX_AGE = "max-age";

    private SourceOptions() {}

    public static List<ProviderConfigProperty> common() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(TRUST)
                .label("Trust material")
                .helpText("Inline JWKS, SPIFFE trust bundle, or PEM public keys. Either this or the trust URL.")
                .type(ProviderConfigProperty.TEXT_TYPE)
                .add()
                .property()
                .name(TRUST_URL)
                .label("Trust material URL")
                .helpText("HTTPS URL of a JWKS or SPIFFE bundle, fetched with bounded time and size and cached.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name(AUDIENCE)
                .label("Expected audience")
                .helpText("The audience evidence must name. Default: this realm's issuer URL.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name(ALGORITHMS)
                .label("Accepted algorithms")
                .helpText("JWS algorithms accepted from this source.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add()
                .property()
                .name(MAX_AGE)
                .label("Maximum evidence age")
                .helpText("ISO-8601 duration (PT10M) or seconds.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("PT1H")
                .add()
                .build();
    }
}
