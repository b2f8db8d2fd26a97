package dev.agentgrant.keycloak.attestation.oidc;

import java.util.function.Function;

/** One way to bend a valid token, and the exact rejection reason it must earn. */
public record RejectionCase(String name, String reason, Function<TestToken, String> build) {

    @Override
    public String toString() {
        return name;
    }
}
