package dev.agentgrant.keycloak.attestation.realmpolicy;

import dev.agentgrant.keycloak.support.ExtensionSpi;

/** Realm policies as components (admin REST {@code /components}, realm import, {@code kcadm.sh}). */
public final class RealmPolicySpi extends ExtensionSpi {

    public static final String NAME = "agent-grant-attestation-policy";

    public RealmPolicySpi() {
        super(NAME, RealmPolicy.class, RealmPolicyFactory.class);
    }
}
