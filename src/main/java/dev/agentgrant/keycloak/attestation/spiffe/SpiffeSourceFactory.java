package dev.agentgrant.keycloak.attestation.spiffe;

import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.source.JwtEvidenceSource;
import dev.agentgrant.keycloak.attestation.source.SourceConfig;
import dev.agentgrant.keycloak.attestation.source.SourceFactorySupport;
import dev.agentgrant.keycloak.attestation.source.SourceOptions;
import dev.agentgrant.keycloak.attestation.source.TrustAnchors;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Attestation sources of type {@code spiffe-jwt-svid}: JWT-SVIDs of one SPIFFE trust domain. */
public final class SpiffeSourceFactory extends SourceFactorySupport<SpiffeSourceFactory.Settings> {

    public static final String ID = "spiffe-jwt-svid";
    public static final String TRUST_DOMAIN = "trust-domain";

    private static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    record Settings(
            String trustDomain,
            TrustAnchors trust,
            Optional<String> audience,
            Set<JWSAlgorithm> algorithms,
            Duration maxAge)
            implements WithTrustAnchors {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "SPIFFE JWT-SVIDs of one trust domain, verified against its bundle.";
    }

    @Override
    protected Settings parse(SourceConfig config) {
        String trustDomain = config.required(TRUST_DOMAIN);
        if (!trustDomain.isEmpty()) {
            try {
                SpiffeId.checkTrustDomain(trustDomain);
            } catch (EvidenceRejected e) {
                config.problems().add(TRUST_DOMAIN + ": " + e.getMessage());
            }
        }
        return new Settings(
                trustDomain,
                TrustAnchors.read(config, TrustMaterial.KeySetFormat.SPIFFE_BUNDLE, trustFetching()),
                config.optional(SourceOptions.AUDIENCE),
                config.algorithms(SourceOptions.ALGORITHMS, JwtSvidVerifier.SPEC_ALGORITHMS, DEFAULT_ALGORITHMS),
                config.duration(SourceOptions.MAX_AGE, Duration.ofHours(1)));
    }

    @Override
    protected AttestationSource create(String alias, String configVersion, Settings settings, KeycloakSession session) {
        String audience = expectedAudience(settings.audience(), session);
        return new JwtEvidenceSource(
                alias,
                configVersion,
                settings.maxAge(),
                settings.trust(),
                audience,
                (keys, expected, token) -> new JwtSvidVerifier(
                                new JwtSvidVerifier.Settings(
                                        settings.trustDomain(),
                                        keys,
                                        expected,
                                        settings.algorithms(),
                                        settings.maxAge()),
                                Clock.systemUTC())
                        .verify(alias, token));
    }

    @Override
    protected List<ProviderConfigProperty> typeOptions() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(TRUST_DOMAIN)
                .label("Trust domain")
                .helpText("The SPIFFE trust domain, e.g. example.org; SVIDs of other trust domains are refused.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }
}
