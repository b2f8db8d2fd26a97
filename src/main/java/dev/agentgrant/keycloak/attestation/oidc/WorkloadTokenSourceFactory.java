package dev.agentgrant.keycloak.attestation.oidc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Attestation sources of type {@code oidc-workload}: OIDC/JWT workload identity tokens of one issuer (GitHub
 * Actions, GitLab CI, cloud instance identity) with an admin-defined mapping of claims to facts.
 */
public final class WorkloadTokenSourceFactory extends SourceFactorySupport<WorkloadTokenSourceFactory.Settings> {

    public static final String ID = "oidc-workload";
    public static final String ISSUER = "issuer";
    /** JSON object: fact name → claim name or dotted path, e.g. {@code {"repository": "repository"}}. */
    public static final String CLAIM_MAPPING = "claim-mapping";
    /** Fact names of the mapping that every token must carry. */
    public static final String REQUIRED_FACTS = "required-facts";

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    record Settings(
            String issuer,
            TrustAnchors trust,
            Optional<String> audience,
            Set<JWSAlgorithm> algorithms,
            Duration maxAge,
            ClaimMapping mapping,
            Set<String> requiredFacts)
            implements WithTrustAnchors {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "OIDC workload identity tokens of one issuer (e.g. GitHub Actions) with claims mapped to facts.";
    }

    @Override
    protected Settings parse(SourceConfig config) {
        ClaimMapping mapping = ClaimMapping.none();
        Optional<String> mappingJson = config.optional(CLAIM_MAPPING);
        if (mappingJson.isPresent()) {
            Map<String, String> entries = readMapping(mappingJson.get(), config);
            List<String> problems = ClaimMapping.problems(entries);
            problems.forEach(problem -> config.problems().add(CLAIM_MAPPING + ": " + problem));
            if (problems.isEmpty()) {
                mapping = ClaimMapping.parse(entries);
            }
        }
        Set<String> required = new LinkedHashSet<>(config.list(REQUIRED_FACTS));
        for (String fact : required) {
            if (!mapping.factNames().contains(fact)) {
                config.problems().add(REQUIRED_FACTS + ": " + fact + " is not a fact of the claim mapping");
            }
        }
        return new Settings(
                config.required(ISSUER),
                TrustAnchors.read(config, TrustMaterial.KeySetFormat.JWKS, trustFetching()),
                config.optional(SourceOptions.AUDIENCE),
                config.algorithms(
                        SourceOptions.ALGORITHMS,
                        WorkloadTokenVerifier.SPEC_ALGORITHMS,
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)),
                config.duration(SourceOptions.MAX_AGE, Duration.ofHours(1)),
                mapping,
                Set.copyOf(required));
    }

    private static Map<String, String> readMapping(String json, SourceConfig config) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            config.problems()
                    .add(CLAIM_MAPPING + " must be a JSON object of fact name to claim path: "
                            + e.getOriginalMessage());
            return Map.of();
        }
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
                (keys, expected, token) -> new WorkloadTokenVerifier(
                                new WorkloadTokenVerifier.Settings(
                                        settings.issuer(),
                                        keys,
                                        expected,
                                        settings.algorithms(),
                                        settings.maxAge(),
                                        settings.mapping(),
                                        settings.requiredFacts()),
                                Clock.systemUTC())
                        .verify(alias, token));
    }

    @Override
    protected List<ProviderConfigProperty> typeOptions() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ISSUER)
                .label("Issuer")
                .helpText("The token issuer, exactly (e.g. https://token.actions.githubusercontent.com).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name(CLAIM_MAPPING)
                .label("Claim mapping")
                .helpText("JSON object: fact name → claim name or dotted path.")
                .type(ProviderConfigProperty.TEXT_TYPE)
                .add()
                .property()
                .name(REQUIRED_FACTS)
                .label("Required facts")
                .helpText("Facts of the mapping every token must carry.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add()
                .build();
    }
}
