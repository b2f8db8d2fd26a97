package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.approval.MyGrantsEndpoint;
import dev.agentgrant.keycloak.approval.VerifyEndpoint;
import dev.agentgrant.keycloak.console.ConsoleEndpoint;
import dev.agentgrant.keycloak.grant.endpoint.AgentGrantsEndpoint;
import dev.agentgrant.keycloak.grant.endpoint.GrantRequestsEndpoint;
import dev.agentgrant.keycloak.signal.PushMetadata;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/agent-grant}: the root of the extension's realm endpoints. Each capability hangs its
 * own sub-resource here; the root itself answers with the discovery document (docs/wire-contract.md, "Discovery").
 * Every sub-resource gets the query and form read strictly first ({@link StrictInput}): a malformed one is answered
 * 400, in the RFC 6749 §5.2 shape for agents and with the theme's error page for a person.
 */
public final class RealmRoot {

    /** Long enough to spare agents a round trip per request, short enough to follow an upgrade. */
    private static final int DISCOVERY_MAX_AGE_SECONDS = 300;

    private final KeycloakSession session;
    private final ExtensionVersion version;

    RealmRoot(KeycloakSession session, ExtensionVersion version) {
        this.session = session;
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response discovery() {
        RealmModel realm = session.getContext().getRealm();
        String issuer = AgentGrantPaths.realmIssuer(session, realm);
        Map<String, Object> document =
                DiscoveryDocument.describe(issuer, version, PushMetadata.signingAlgorithm(realm));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(DISCOVERY_MAX_AGE_SECONDS);
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(cache)
                .build();
    }

    /** An agent requests a task grant (docs/wire-contract.md, "Request a grant"). */
    @Path(AgentGrantPaths.REQUESTS)
    public GrantRequestsEndpoint requests() {
        StrictInput.read(session, malformed -> GrantRequestsEndpoint.malformed(session, malformed));
        return new GrantRequestsEndpoint(session);
    }

    /** An agent reads or revokes its own grants (docs/wire-contract.md, "Agent's own grants"). */
    @Path(AgentGrantPaths.GRANTS)
    public AgentGrantsEndpoint grants() {
        StrictInput.readForApi(session);
        return new AgentGrantsEndpoint(session);
    }

    /**
     * A person enters or follows a user code and approves or denies the task (docs/wire-contract.md, "Human
     * approval"; the user code of RFC 8628 §3.3).
     */
    @Path(AgentGrantPaths.VERIFY)
    public VerifyEndpoint verify() {
        StrictInput.readForPage(session);
        return new VerifyEndpoint(session);
    }

    /** The admins' console: its page, scripts, styles and texts (docs/console.md). */
    @Path(AgentGrantPaths.CONSOLE)
    public ConsoleEndpoint console() {
        StrictInput.readForPage(session);
        return new ConsoleEndpoint(session, version);
    }

    /** A person's own requests and grants (docs/wire-contract.md, "Revocation and introspection"). */
    @Path(AgentGrantPaths.MY_GRANTS)
    public MyGrantsEndpoint myGrants() {
        StrictInput.readForPage(session);
        return new MyGrantsEndpoint(session);
    }
}
