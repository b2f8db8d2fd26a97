package dev.agentgrant.keycloak.agent;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;

/**
 * The agent profile of a client Keycloak has just authenticated, for every endpoint an agent calls: a public or
 * bearer-only client is no agent (it proves nothing about itself), and a profile that does not read is refused with
 * its problems in the server log rather than to the client.
 */
public final class AgentClients {

    private static final Logger LOG = Logger.getLogger(AgentClients.class);

    /** Why an authenticated client cannot act as an agent; the reason goes to events and logs. */
    public static final class NotAnAgent extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean publicClient;
        private final String reason;

        NotAnAgent(boolean publicClient, String reason, String description) {
            super(description, null, false, false);
            this.publicClient = publicClient;
            this.reason = reason;
        }

        /** A public client: client authentication proved nothing (RFC 6749 §5.2 {@code invalid_client}). */
        public boolean publicClient() {
            return publicClient;
        }

        public String reason() {
            return reason;
        }

        /** The {@code error_description} for the client. */
        public String description() {
            return getMessage();
        }
    }

    private AgentClients() {
    }

    public static AgentProfile profileOf(ClientModel client) throws NotAnAgent {
        if (client.isPublicClient() || client.isBearerOnly()) {
            throw new NotAnAgent(true, "public_client", "Agents must be confidential clients");
        }
        try {
            return AgentProfile.read(client.getAttributes());
        } catch (AgentProfileProblems problems) {
            LOG.warnf("Agent Grant: client %s of realm %s has an unusable agent profile: %s", client.getClientId(),
                    client.getRealm().getName(), String.join("; ", problems.problems()));
            throw new NotAnAgent(false, "invalid_agent_profile",
                    "The agent's profile is not configured correctly; an administrator can see why in the server log");
        }
    }
}
