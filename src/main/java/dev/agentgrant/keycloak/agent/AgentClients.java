package dev.agentgrant.keycloak.agent;

import dev.agentgrant.keycloak.attestation.service.AgentIdentity;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.OAuthRefusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * The agent profile of a client Keycloak has just authenticated, for every endpoint an agent calls: a public or
 * bearer-only client is no agent (it proves nothing about itself), and a profile that does not read — its attributes
 * ({@link AgentProfile}) or its role scope ({@link AgentRoleScope}) — is refused with its problems in the server log
 * rather than to the client.
 */
public final class AgentClients {

    private static final Logger LOG = Logger.getLogger(AgentClients.class);

    /**
     * Why an authenticated client cannot act as an agent: {@code invalid_client} for a public client, whose client
     * authentication proved nothing; otherwise {@code unauthorized_client}, an authenticated client that may not act
     * as an agent (RFC 6749 §5.2).
     */
    public static final class NotAnAgent extends OAuthRefusal {
        private static final long serialVersionUID = 1L;

        NotAnAgent(OAuthError error, String reason, String description) {
            super(error, reason, description);
        }
    }

    private AgentClients() {}

    /**
     * The client as attestation sees it: its client_id, its attestation policy ({@link
     * AgentProfileOptions#ATTESTATION_POLICY}) and registered SPIFFE ID ({@link AgentProfileOptions#SPIFFE_ID}) as
     * they stand, whether or not its profile reads, so that the admin explain endpoint can say why any client is
     * refused.
     */
    public static AgentIdentity attestationIdentity(ClientModel client) {
        String policy = AgentProfileOptions.ATTESTATION_POLICY.name();
        return new AgentIdentity(
                client.getClientId(),
                Optional.ofNullable(client.getAttribute(policy)),
                "client attribute " + policy,
                Optional.ofNullable(client.getAttribute(AgentProfileOptions.SPIFFE_ID)));
    }

    public static AgentProfile profileOf(ClientModel client) throws NotAnAgent {
        if (client.isPublicClient() || client.isBearerOnly()) {
            throw new NotAnAgent(OAuthError.INVALID_CLIENT, "public_client", "Agents must be confidential clients");
        }
        List<String> problems = new ArrayList<>();
        AgentProfile profile = null;
        try {
            profile = AgentProfile.read(client.getAttributes());
        } catch (AgentProfileProblems unreadable) {
            problems.addAll(unreadable.problems());
        }
        if (profile == null || profile.enabled()) {
            // Only an agent's role scope matters; a client that is no agent is refused as such by the callers.
            problems.addAll(AgentRoleScope.problems(client.isFullScopeAllowed(), privilegedRolesInScope(client)));
        }
        if (!problems.isEmpty()) {
            LOG.warnf(
                    "Agent Grant: client %s of realm %s has an unusable agent profile: %s",
                    client.getClientId(), client.getRealm().getName(), String.join("; ", problems));
            throw new NotAnAgent(
                    OAuthError.UNAUTHORIZED_CLIENT,
                    "invalid_agent_profile",
                    "The agent's profile is not configured correctly; an administrator can see why in the server log");
        }
        return profile;
    }

    /**
     * The administration and account roles Keycloak's token scope would let through for {@code client}: its own role
     * scope mappings and those of its default and optional client scopes, composites expanded (as Keycloak's
     * {@code TokenManager} does when it limits a person's roles to a client's scope).
     */
    public static Set<String> privilegedRolesInScope(ClientModel client) {
        Set<RoleModel> scope = new HashSet<>();
        client.getScopeMappingsStream().forEach(scope::add);
        Stream.concat(client.getClientScopes(true).values().stream(), client.getClientScopes(false).values().stream())
                .flatMap(ClientScopeModel::getScopeMappingsStream)
                .forEach(scope::add);
        return RoleUtils.expandCompositeRoles(scope).stream()
                .filter(role -> privileged(client.getRealm(), role))
                .map(role -> ((ClientModel) role.getContainer()).getClientId() + "/" + role.getName())
                .collect(Collectors.toSet());
    }

    private static boolean privileged(RealmModel realm, RoleModel role) {
        if (!role.isClientRole() || !(role.getContainer() instanceof ClientModel owner)) {
            return false;
        }
        // In the master realm, each realm's administration roles live in a client of its own ("<realm>-realm").
        return AgentRoleScope.PRIVILEGED_CLIENTS.contains(owner.getClientId())
                || (realm.getName().equals(Config.getAdminRealm())
                        && owner.getClientId().endsWith("-realm"));
    }
}
