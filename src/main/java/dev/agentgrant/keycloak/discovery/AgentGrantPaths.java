package dev.agentgrant.keycloak.discovery;

/** Path segments of the extension's realm endpoints, relative to {@code /realms/{realm}}. */
public final class AgentGrantPaths {

    /** The realm resource provider id, which Keycloak uses as the path segment after the realm. */
    public static final String ROOT = "agent-grant";

    private AgentGrantPaths() {
    }
}
