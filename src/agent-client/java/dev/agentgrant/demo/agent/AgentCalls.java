package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.ToolFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's HTTP calls to Keycloak and to the resource server, each with the credentials and proofs it needs. */
final class AgentCalls {

    static final String TASK_GRANT_TYPE = "urn:agentgrant:token-type:task-grant";
    static final String ATTESTATION_TYPE = "urn:agentgrant:token-type:attestation";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final Http http = new Http(" (is it running?)");
    private final Map<String, String> settings;
    private final Workload evidence;
    private Discovery.Discovered discovered;

    AgentCalls(Map<String, String> settings, Workload evidence) {
        this.settings = settings;
        this.evidence = evidence;
    }

    /** What step 1 found: the resource, its realm's issuer, token and introspection endpoints. */
    void discovered(Discovery.Discovered discovered) {
        this.discovered = discovered;
    }

    Answer get(String url) {
        return http.get(url);
    }

    /** A request authenticated as the agent (client_secret_basic, RFC 6749 §2.3.1). */
    Answer postAsAgent(String url, Map<String, String> form) {
        return http.postForm(url, form, "Authorization", agentCredentials());
    }

    /** A fresh attestation presentation, the actor_token of each request and exchange. */
    String presentation() {
        return evidence.presentation(discovered.issuer());
    }

    /**
     * RFC 8693 §2.1 with the extension's token types: the grant id, a fresh presentation, a DPoP proof (RFC 9449 §5),
     * and the resource identifier the resource's metadata published (RFC 8707 §2), which the realm knows as the
     * granted audience's URI.
     */
    Answer exchange(String grantId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("subject_token", grantId);
        form.put("subject_token_type", TASK_GRANT_TYPE);
        form.put("actor_token", presentation());
        form.put("actor_token_type", ATTESTATION_TYPE);
        form.put("resource", discovered.resource());
        String tokenEndpoint = discovered.tokenEndpoint();
        return http.postForm(
                tokenEndpoint,
                form,
                "Authorization",
                agentCredentials(),
                "DPoP",
                evidence.dpop("POST", tokenEndpoint, null));
    }

    /**
     * A sub-agent's hand-over (docs/wire-contract.md, "Sub-agent chains"): RFC 8693 §2.1 with the parent's task token
     * as subject_token (the access-token URN), the sub-agent's own fresh presentation as actor_token, a narrower scope,
     * and a DPoP proof by the sub-agent's own key; authenticated as the sub-agent.
     */
    Answer handOver(String parentToken, Workload subAgent, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("subject_token", parentToken);
        form.put("subject_token_type", ACCESS_TOKEN_TYPE);
        form.put("actor_token", subAgent.presentation(discovered.issuer()));
        form.put("actor_token_type", ATTESTATION_TYPE);
        if (!scope.isEmpty()) {
            form.put("scope", scope);
        }
        form.put("resource", discovered.resource());
        String tokenEndpoint = discovered.tokenEndpoint();
        return http.postForm(
                tokenEndpoint,
                form,
                "Authorization",
                Forms.basic(settings.get("sub-agent"), settings.get("sub-agent-secret")),
                "DPoP",
                subAgent.dpop("POST", tokenEndpoint, null));
    }

    /** RFC 9449 §7.1: the token in the DPoP scheme, and a proof for this request that names the token (ath). */
    Answer callApi(String accessToken) {
        return callApi(accessToken, evidence);
    }

    /** The same for a token bound to {@code holder}'s key, with a proof by that key. */
    Answer callApi(String accessToken, Workload holder) {
        String url = settings.get("api");
        return http.send(Http.request(url)
                .GET()
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", holder.dpop("GET", url, accessToken))
                .header("Accept", "application/json")
                .build());
    }

    /** RFC 7662 token introspection with the resource server's credentials, as it would ask. */
    Map<?, ?> introspect(String accessToken) {
        return object(
                http.postForm(
                        discovered.introspectionEndpoint(),
                        Map.of("token", accessToken, "token_type_hint", "access_token"),
                        "Authorization",
                        Forms.basic(
                                settings.getOrDefault("api-client", discovered.audience()),
                                settings.get("api-secret"))),
                200,
                "token introspection");
    }

    private String agentCredentials() {
        return Forms.basic(settings.get("client"), settings.get("secret"));
    }

    /** The answer's JSON object if its status is {@code expected}; otherwise a failure naming the error. */
    static Map<?, ?> object(Answer answer, int expected, String what) {
        if (answer.status() != expected) {
            throw new ToolFailure(what + ": HTTP " + answer.status() + " " + answer.describe());
        }
        Map<?, ?> object = answer.object();
        if (object == null) {
            throw new ToolFailure(what + ": the answer is not a JSON object");
        }
        return object;
    }

    static String text(Map<?, ?> object, String member) {
        if (!(object.get(member) instanceof String value)) {
            throw new ToolFailure("the answer has no " + member);
        }
        return value;
    }

    static long number(Map<?, ?> object, String member) {
        if (!(object.get(member) instanceof Number value)) {
            throw new ToolFailure("the answer has no " + member);
        }
        return value.longValue();
    }
}
