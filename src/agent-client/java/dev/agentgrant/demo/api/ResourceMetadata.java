package dev.agentgrant.demo.api;

import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.Json;
import java.util.List;
import java.util.Map;

/**
 * The demo API's OAuth 2.0 Protected Resource Metadata (RFC 9728 §2): its resource identifier, the realm that
 * issues its tokens, the scopes it knows, and that it takes only DPoP-bound tokens (RFC 9449 §5.1) in the
 * {@code Authorization} header. An agent given only the API's URL learns from it where to ask for a token and what
 * to name in the token exchange's {@code resource} (RFC 8707 §2), as MCP clients do.
 *
 * @param resource the resource identifier (RFC 9728 §1.2): the URL callers request, {@code http://localhost:8090/calendar}
 * @param issuer the realm's issuer URL, its one authorization server
 * @param audience the client_id of this API in the realm: the {@code aud} of its tokens and the {@code audience} an
 *     agent names when it asks for a task grant
 */
record ResourceMetadata(String resource, String issuer, String audience) {

    /** RFC 9728 §3 and §8.3: the registered well-known URI. */
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    /** What the realm's scopes for this API are called; GET /calendar needs {@link Guard#REQUIRED_SCOPE}. */
    static final List<String> SCOPES = List.of(Guard.REQUIRED_SCOPE, "calendar.write");

    static final String NAME = "Demo API";

    /**
     * Not a member RFC 9728 registers (§2 allows more): the client_id Keycloak names in the tokens' {@code aud}, which
     * an agent needs for its grant request, as the resource identifier is a URL and the realm's clients are named by
     * client_id.
     */
    static final String AUDIENCE_MEMBER = "agent_grant_audience";

    /** RFC 9728 §3.1: {@code http://localhost:8090/.well-known/oauth-protected-resource/calendar}. */
    String metadataUrl() {
        return Http.wellKnown(resource, "oauth-protected-resource");
    }

    /** The metadata document, members in the order RFC 9728 §2 lists them. */
    Map<String, Object> document() {
        return Json.map(
                "resource",
                resource,
                "authorization_servers",
                List.of(issuer),
                "scopes_supported",
                SCOPES,
                // RFC 6750 §2.1 (as RFC 9449 §7.1 uses it): the token goes in the Authorization header only.
                "bearer_methods_supported",
                List.of("header"),
                "resource_name",
                NAME,
                // RFC 9396: the authorization details type of a task grant (docs/wire-contract.md).
                "authorization_details_types_supported",
                List.of("agent_task"),
                "dpop_signing_alg_values_supported",
                List.of(ProofVerifier.ALGORITHM),
                "dpop_bound_access_tokens_required",
                true,
                AUDIENCE_MEMBER,
                audience);
    }
}
