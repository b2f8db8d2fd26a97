package dev.agentgrant.keycloak.grant.admin;

/** An admin request that names a filter, parameter or body member the API does not accept; answered with 400. */
final class InvalidAdminRequest extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidAdminRequest(String description) {
        super(description, null, false, false);
    }

    String description() {
        return getMessage();
    }
}
