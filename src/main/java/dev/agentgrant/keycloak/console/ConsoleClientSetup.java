package dev.agentgrant.keycloak.console;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public client admins sign in to the console under ({@value #CLIENT_ID}), one per realm: standard flow only,
 * PKCE with S256 required (RFC 7636 §4.2), no secret, the console's own URL as its only redirect URI, post-logout
 * redirect URI and web origin. Created when a realm is created or imported without it, for every realm that lacks it
 * when the server starts, and by an admin's repair ({@code POST /admin/realms/{realm}/agent-grant/console-setup}); an
 * existing client is left as an admin set it.
 *
 * <p>The client keeps Keycloak's default of full scope allowed: Keycloak's admin API authorises a token by the admin's
 * roles within the scope of the token's client, so the console sees and does exactly what the admin may through any
 * other admin client, and nothing more (docs/console.md, "Permissions").
 */
public final class ConsoleClientSetup {

    public static final String CLIENT_ID = "agent-grant-console";
    private static final Logger LOG = Logger.getLogger(ConsoleClientSetup.class);

    private ConsoleClientSetup() {}

    /** The console's path below the server's base URL, which is also the client's redirect URI. */
    static String consolePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/" + AgentGrantPaths.ROOT + "/" + AgentGrantPaths.CONSOLE + "/";
    }

    /** Creates the client when the realm has none of that client_id; answers whether it did. */
    public static boolean install(RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return false;
        }
        createClient(realm);
        LOG.infof("Agent Grant: created the console client %s in realm %s", CLIENT_ID, realm.getName());
        return true;
    }

    /** Why admins cannot sign in to the console of this realm, if they cannot; changes nothing. */
    public static Optional<String> problem(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client == null) {
            return Optional.of("the client " + CLIENT_ID + " is missing");
        }
        if (!client.isEnabled()) {
            return Optional.of("the client " + CLIENT_ID + " is disabled");
        }
        if (!client.isStandardFlowEnabled()) {
            return Optional.of("the client " + CLIENT_ID + " has the standard flow turned off");
        }
        return Optional.empty();
    }

    private static void createClient(RealmModel realm) {
        ClientModel client = realm.addClient(CLIENT_ID);
        client.setName("Agent Grant console");
        client.setDescription("Admins sign in to the Agent Grant console under this client "
                + "(public, authorization code with PKCE S256). Delete it to turn the console off in this realm.");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(true);
        client.setFrontchannelLogout(true);
        client.setRootUrl("${authBaseUrl}");
        client.setBaseUrl(consolePath(realm));
        client.setRedirectUris(Set.of(consolePath(realm)));
        client.setWebOrigins(Set.of("+"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
        client.addClientScopes(oidcScopes(realm, true), true);
        client.addClientScopes(oidcScopes(realm, false), false);
        client.setEnabled(true);
    }

    private static Set<ClientScopeModel> oidcScopes(RealmModel realm, boolean defaultScopes) {
        return realm.getDefaultClientScopesStream(defaultScopes)
                .filter(scope -> OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol()))
                .collect(Collectors.toSet());
    }
}
