package dev.agentgrant.keycloak.attestation.realmpolicy;

import dev.agentgrant.keycloak.attestation.policy.AttestationPolicy;
import dev.agentgrant.keycloak.attestation.policy.PolicyProblems;
import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The one realm-policy type, {@code json}: the policy is validated when an admin saves it, every problem at once. */
public final class RealmPolicyFactory
        implements ComponentFactory<RealmPolicy, RealmPolicy>, ExtensionProviderFactory<RealmPolicy> {

    public static final String ID = "json";
    public static final String POLICY = "policy";
    public static final String PROVIDER_TYPE = RealmPolicy.class.getName();

    /** The JSON of the realm policy called {@code name}, if the realm has one. */
    public static Optional<String> find(RealmModel realm, String name) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(component -> name.equals(component.getName()))
                .map(component -> component.get(POLICY))
                .findFirst();
    }

    @Override
    public RealmPolicy create(KeycloakSession session, ComponentModel model) {
        String json = model.get(POLICY);
        return () -> json;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        List<String> problems = new ArrayList<>();
        if (model.getName() == null
                || !WireContract.SOURCE_ALIAS.matcher(model.getName()).matches()) {
            problems.add("name must be 1–64 characters of a-z, 0-9, '.', '-', '_', starting with a letter or digit");
        }
        String json = model.get(POLICY);
        if (json == null || json.isBlank()) {
            problems.add(POLICY + " is required");
        } else {
            try {
                AttestationPolicy.parse(json);
            } catch (PolicyProblems e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "An attestation policy (JSON) that agents reference by name.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(POLICY)
                .label("Policy")
                .helpText("The attestation policy JSON (docs/attestation.md).")
                .type(ProviderConfigProperty.TEXT_TYPE)
                .add()
                .build();
    }
}
