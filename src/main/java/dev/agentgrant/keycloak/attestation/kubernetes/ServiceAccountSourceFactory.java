package dev.agentgrant.keycloak.attestation.kubernetes;

import com.nimbusds.jose.JWSAlgorithm;
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

/**
 * Attestation sources of type {@code kubernetes-service-account}: projected service-account tokens of one
 * cluster, verified against the cluster's service-account issuer keys ({@code /openid/v1/jwks}).
 */
public final class ServiceAccountSourceFactory extends SourceFactorySupport<ServiceAccountSourceFactory.Settings> {

    public static final String ID = "kubernetes-service-account";
    public static final String ISSUER = "issuer";

    record Settings(
            String issuer, TrustAnchors trust, Optional<String> audience, Set<JWSAlgorithm> algorithms, Duration maxAge)
            implements WithTrustAnchors {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Kubernetes projected service-account tokens of one cluster (legacy non-expiring tokens are refused).";
    }

    @Override
    protected Settings parse(SourceConfig config) {
        return new Settings(
                config.required(ISSUER),
                TrustAnchors.read(config, TrustMaterial.KeySetFormat.JWKS, trustFetching()),
                config.optional(SourceOptions.AUDIENCE),
                config.algorithms(
                        SourceOptions.ALGORITHMS,
                        ServiceAccountTokenVerifier.SPEC_ALGORITHMS,
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)),
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
                (keys, expected, token) -> new ServiceAccountTokenVerifier(
                                new ServiceAccountTokenVerifier.Settings(
                                        settings.issuer(), keys, expected, settings.algorithms(), settings.maxAge()),
                                Clock.systemUTC())
                        .verify(alias, token));
    }

    @Override
    protected List<ProviderConfigProperty> typeOptions() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ISSUER)
                .label("Issuer")
                .helpText("The cluster's service-account issuer (kube-apiserver --service-account-issuer), exactly.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }
}
