package dev.agentgrant.keycloak.attestation.realmpolicy;

import org.keycloak.provider.Provider;

/**
 * A named attestation policy of a realm: a component of this provider type whose {@value RealmPolicyFactory#POLICY}
 * option holds the policy JSON. Agents reference it by name from their {@code agent-grant.attestation-policy}
 * attribute, so one policy can govern many agents and change in one place.
 */
public interface RealmPolicy extends Provider {

    String json();

    @Override
    default void close() {}
}
