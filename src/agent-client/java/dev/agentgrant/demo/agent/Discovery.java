package dev.agentgrant.demo.agent;

import static dev.agentgrant.demo.agent.AgentCalls.object;
import static dev.agentgrant.demo.agent.AgentCalls.text;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of the round: from the resource's URL to everything the agent needs, as an MCP client finds its
 * authorization server. A request without a token answers 401 with a challenge naming the resource's metadata
 * (RFC 9728 §5.1; without one, the well-known URI of §3.1); the metadata (§2) names the resource identifier — sent as
 * {@code resource} in the token exchange (RFC 8707 §2) — the realm, the audience and the scopes; then the realm's
 * OpenID Provider metadata (OpenID Connect Discovery 1.0 §4) and the Agent Grant discovery document. Options given on
 * the command line override what the metadata says.
 */
final class Discovery {

    /** What the round works with. */
    record Discovered(
            String resource,
            String audience,
            String scope,
            String issuer,
            String tokenEndpoint,
            String introspectionEndpoint,
            String agentGrantEndpoint) {}

    private final AgentCalls calls;
    private final Map<String, String> settings;
    private final Report report;

    Discovery(AgentCalls calls, Map<String, String> settings, Report report) {
        this.calls = calls;
        this.settings = settings;
        this.report = report;
    }

    Discovered run() {
        String api = settings.get("api");
        Answer probe = calls.get(api);
        String metadataUrl =
                AuthChallenge.parameter(probe.challenge(), "resource_metadata").orElse(null);
        if (probe.status() == 401 && metadataUrl != null) {
            report.detail("GET", api + " -> 401, its challenge names the metadata");
        } else {
            metadataUrl = Http.wellKnown(api, "oauth-protected-resource");
            report.detail("GET", api + " -> " + probe.status() + " without resource_metadata: the well-known URI");
        }
        if (!metadataUrl.startsWith("https://") && !metadataUrl.startsWith("http://")) {
            throw new ToolFailure("the resource metadata URL " + metadataUrl + " is not an http(s) URL");
        }
        report.detail("metadata", metadataUrl);
        Map<?, ?> metadata = object(calls.get(metadataUrl), 200, "the resource metadata (RFC 9728) at " + metadataUrl);

        // RFC 9728 §3.3: the metadata must be about the very resource the agent asked; otherwise another server's
        // metadata could send the agent, and its grant, elsewhere.
        String resource = text(metadata, "resource");
        if (!resource.equals(api)) {
            throw new ToolFailure("the metadata at " + metadataUrl + " is about " + resource + ", not " + api
                    + " (RFC 9728, section 3.3)");
        }
        report.detail(
                "resource", resource + (metadata.get("resource_name") instanceof String name ? " (" + name + ")" : ""));
        requireIfListed(metadata, "bearer_methods_supported", "header", "the token in the Authorization header");
        requireIfListed(metadata, "dpop_signing_alg_values_supported", "ES256", "DPoP proofs signed with ES256");

        String audience = chosen("audience", metadata.get("agent_grant_audience"), "agent_grant_audience");
        report.detail("audience", audience + given("audience"));
        String scope = chosen("scope", scopes(metadata), "scopes_supported");
        report.detail("scope", scope + given("scope"));

        String issuer = AgentOptions.givenIssuer(settings);
        List<String> servers = strings(metadata.get("authorization_servers"));
        if (issuer == null) {
            if (servers.isEmpty()) {
                throw new ToolFailure("the metadata names no authorization_servers; pass --url and --realm");
            }
            issuer = servers.get(0);
            report.detail("issuer", issuer);
        } else {
            report.detail(
                    "issuer",
                    issuer
                            + (servers.isEmpty()
                                    ? " (given)"
                                    : " (given; the metadata names " + String.join(", ", servers) + ")"));
        }

        Map<?, ?> oidc =
                object(calls.get(issuer + "/.well-known/openid-configuration"), 200, "the OpenID Provider metadata");
        // OpenID Connect Discovery 1.0 §4.3: the issuer in the document is the one it was fetched for.
        if (!issuer.equals(oidc.get("issuer"))) {
            throw new ToolFailure("the OpenID Provider metadata of " + issuer + " names the issuer "
                    + oidc.get("issuer") + " (OpenID Connect Discovery 1.0, section 4.3)");
        }
        Map<?, ?> agentGrant = object(calls.get(issuer + "/agent-grant"), 200, "the Agent Grant discovery document");
        if (!issuer.equals(agentGrant.get("issuer"))) {
            throw new ToolFailure("the Agent Grant discovery document of " + issuer + " names the issuer "
                    + agentGrant.get("issuer"));
        }
        String agentGrantEndpoint = text(agentGrant, "agent_grant_endpoint");
        report.detail("agent grants", agentGrantEndpoint + " (version " + agentGrant.get("agent_grant_version") + ")");
        report.detail("token endpoint", text(oidc, "token_endpoint"));
        return new Discovered(
                resource,
                audience,
                scope,
                issuer,
                text(oidc, "token_endpoint"),
                text(oidc, "introspection_endpoint"),
                agentGrantEndpoint);
    }

    /** The option's value when given, otherwise the metadata's, which must then be there. */
    private String chosen(String option, Object fromMetadata, String member) {
        if (settings.containsKey(option)) {
            return settings.get(option);
        }
        if (!(fromMetadata instanceof String value) || value.isBlank()) {
            throw new ToolFailure("the resource metadata has no " + member + "; pass --" + option);
        }
        return value;
    }

    private String given(String option) {
        return settings.containsKey(option) ? " (given)" : "";
    }

    private static String scopes(Map<?, ?> metadata) {
        List<String> scopes = strings(metadata.get("scopes_supported"));
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }

    /** A member that lists what the resource supports must include what this agent does. */
    private static void requireIfListed(Map<?, ?> metadata, String member, String needed, String what) {
        if (metadata.containsKey(member) && !strings(metadata.get(member)).contains(needed)) {
            throw new ToolFailure("the resource does not take " + what + " (its metadata's " + member + ")");
        }
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String text) {
                    strings.add(text);
                }
            }
        }
        return strings;
    }
}
