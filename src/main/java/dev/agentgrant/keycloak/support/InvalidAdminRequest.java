package dev.agentgrant.keycloak.support;

/** An admin request that names a filter, parameter or body member the API does not accept; answered with 400. */
public final class InvalidAdminRequest extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidAdminRequest(String description) {
        super(description, null, false, false);
    }

    public String description() {
        return getMessage();
    }
}
