package dev.agentgrant.keycloak.attestation.intoto;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.provenance.ProvenanceStore;
import dev.agentgrant.keycloak.attestation.provenance.RegisteredProvenance;
import dev.agentgrant.keycloak.attestation.provenance.SubjectDigest;
import dev.agentgrant.keycloak.attestation.source.SourceConfig;
import dev.agentgrant.keycloak.attestation.source.SourceFactorySupport;
import dev.agentgrant.keycloak.attestation.source.SourceOptions;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Attestation sources of type {@code in-toto}: in-toto Statement v1 attestations (code-integrity digests, SLSA
 * provenance v1) in DSSE envelopes, signed by the source's trusted keys with a threshold of distinct keys.
 * The keys are configured inline ({@link SourceOptions#TRUST}: a JWKS or PEM public keys).
 */
public final class InTotoSourceFactory extends SourceFactorySupport<InTotoVerifier.Settings> {

    public static final String ID = "in-toto";
    public static final String THRESHOLD = "threshold";
    public static final String PREDICATE_TYPES = "predicate-types";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "in-toto attestations (SLSA provenance, code digests) in DSSE envelopes signed by trusted keys.";
    }

    @Override
    protected InTotoVerifier.Settings parse(SourceConfig config) {
        List<TrustedKey> keys = trustedKeys(config);
        int threshold = config.integer(THRESHOLD, 1, 1, 32);
        if (!keys.isEmpty() && threshold > keys.size()) {
            config.problems().add(THRESHOLD + " " + threshold + " exceeds the " + keys.size() + " trusted keys");
        }
        Set<String> predicateTypes = new LinkedHashSet<>(config.list(PREDICATE_TYPES));
        if (predicateTypes.isEmpty()) {
            predicateTypes.add(SlsaProvenance.PREDICATE_TYPE);
        }
        Duration maxAge = config.duration(SourceOptions.MAX_AGE, Duration.ofDays(90));
        if (!config.problems().isEmpty()) {
            return null;
        }
        try {
            return new InTotoVerifier.Settings(keys, threshold, predicateTypes, maxAge);
        } catch (IllegalArgumentException e) {
            config.problems().add(e.getMessage());
            return null;
        }
    }

    private static List<TrustedKey> trustedKeys(SourceConfig config) {
        if (config.optional(SourceOptions.TRUST_URL).isPresent()) {
            config.problems()
                    .add(SourceOptions.TRUST_URL + " is not used by in-toto sources; put the signing keys in "
                            + SourceOptions.TRUST);
        }
        String trust = config.optional(SourceOptions.TRUST).orElse(null);
        if (trust == null) {
            config.problems().add(SourceOptions.TRUST + " (the signers' public keys) is required");
            return List.of();
        }
        List<TrustedKey> keys = new ArrayList<>();
        boolean pem = trust.startsWith("-----BEGIN");
        try {
            JWKSet set = pem ? TrustMaterial.parsePem(trust) : TrustMaterial.parseJwks(trust);
            for (JWK jwk : set.getKeys()) {
                keys.add(TrustedKey.fromJwk(pem ? withoutKeyId(jwk) : jwk));
            }
        } catch (EvidenceRejected | ParseException e) {
            config.problems().add(SourceOptions.TRUST + ": " + e.getMessage());
        }
        return keys;
    }

    /**
     * A PEM key has no key id of its own (the parser names it by thumbprint); signers such as cosign write their
     * own or none, so a PEM-configured key is matched by signature alone (DSSE keyid is only a hint).
     */
    private static JWK withoutKeyId(JWK jwk) throws ParseException {
        Map<String, Object> members = new LinkedHashMap<>(jwk.toJSONObject());
        members.remove("kid");
        return JWK.parse(members);
    }

    @Override
    protected AttestationSource create(
            String alias, String configVersion, InTotoVerifier.Settings settings, KeycloakSession session) {
        return new AttestationSource() {
            @Override
            public String alias() {
                return alias;
            }

            @Override
            public String configVersion() {
                return configVersion;
            }

            @Override
            public Duration maxEvidenceAge() {
                return settings.maxAge();
            }

            @Override
            public boolean identityEvidence() {
                return false;
            }

            /** The signers' keys configured on the source (a PEM key has no key id: an empty string). */
            @Override
            public Optional<TrustStatus> trustStatus() {
                return Optional.of(new TrustStatus(
                        TrustStatus.INLINE,
                        settings.trustedKeys().stream()
                                .map(key -> key.keyId().orElse(""))
                                .toList(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
            }

            @Override
            public boolean cacheable(EvidenceItem item) {
                return item.format() != EvidenceItem.Format.DIGEST_REF;
            }

            @Override
            public VerifiedEvidence verify(EvidenceItem item) throws EvidenceRejected {
                InTotoVerifier verifier = new InTotoVerifier(settings, Clock.systemUTC());
                switch (item.format()) {
                    case DSSE:
                        return verifier.verify(alias, item.value());
                    case DIGEST_REF:
                        // Registered provenance is verified again with today's keys, not trusted from the upload.
                        String digest = SubjectDigest.parse(item.value());
                        RegisteredProvenance registered = ProvenanceStore.of(session)
                                .bySubject(session.getContext().getRealm().getId(), alias, digest)
                                .orElseThrow(() -> new EvidenceRejected(
                                        "unknown_provenance",
                                        "No provenance registered for " + digest + " with source " + alias));
                        return verifier.verify(alias, registered.envelope());
                    default:
                        throw new EvidenceRejected(
                                "unsupported_format",
                                "Source " + alias
                                        + " takes DSSE envelopes (dsse) or registered provenance (digest-ref)");
                }
            }
        };
    }

    /** Provenance registered for a source goes with it. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ProvenanceStore.of(session).deleteBySource(realm.getId(), model.getName());
        super.preRemove(session, realm, model);
    }

    @Override
    protected List<ProviderConfigProperty> typeOptions() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(THRESHOLD)
                .label("Signature threshold")
                .helpText("How many distinct trusted keys must have signed.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("1")
                .add()
                .property()
                .name(PREDICATE_TYPES)
                .label("Accepted predicate types")
                .helpText("in-toto predicate types accepted; default https://slsa.dev/provenance/v1.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add()
                .build();
    }
}
