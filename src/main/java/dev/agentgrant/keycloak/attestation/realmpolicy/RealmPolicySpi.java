package dev.agentgrant.keycloak.attestation.realmpolicy;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Realm policies as components (admin REST {@code /components}, realm import, {@code kcadm.sh}). */
public final class RealmPolicySpi implements Spi {

    public static final String NAME = "agent-grant-attestation-policy";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RealmPolicy.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RealmPolicyFactory.class;
    }
}
