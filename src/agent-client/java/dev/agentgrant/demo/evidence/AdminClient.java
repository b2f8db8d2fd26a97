package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.client.UsageError;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Keycloak's admin REST API over java.net.http: one access token of the master realm's {@code admin-cli} client
 * (password grant, RFC 6749 §4.3) per command; such tokens live 60 s, longer than any command here.
 */
final class AdminClient {

    /** Where to sign in and which realm to change. */
    record Target(String url, String realm, String user, String password) {

        /** --url, --realm, --user and --password, checked before anything is sent. */
        static Target of(Arguments args) {
            String url = Inputs.url(args.required("url"), "--url").replaceAll("/+$", "");
            String realm = args.required("realm");
            if (realm.isBlank() || realm.chars().anyMatch(Character::isISOControl)) {
                throw new UsageError("--realm must be a realm name");
            }
            return new Target(url, realm, args.value("user", "admin"), args.value("password", "admin"));
        }

        String realmPath() {
            return "/admin/realms/" + Forms.segment(realm);
        }
    }

    private final Http http;
    private final Target target;
    private final String token;

    private AdminClient(Http http, Target target, String token) {
        this.http = http;
        this.target = target;
        this.token = token;
    }

    static AdminClient signIn(Target target) {
        Http http = new Http(" (is Keycloak running?)");
        Answer answer = http.postForm(
                target.url() + "/realms/master/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        target.user(),
                        "password",
                        target.password()));
        if (answer.status() != 200) {
            throw new ToolFailure(
                    "signing in to the master realm as " + target.user() + " failed: " + answer.problem());
        }
        if (!(answer.json() instanceof Map<?, ?> tokens) || !(tokens.get("access_token") instanceof String token)) {
            throw new ToolFailure("the token endpoint answered no access_token");
        }
        return new AdminClient(http, target, token);
    }

    /** Sends one request (a JSON body, or none) and returns whatever status came back. */
    Answer send(String method, String path, String json) {
        HttpRequest.Builder request = Http.request(target.url() + path)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return http.send(request.build());
    }

    /** {@link #send}, failing with Keycloak's message unless the status is {@code expected}. */
    Answer call(String method, String path, String json, int expected) {
        Answer answer = send(method, path, json);
        if (answer.status() != expected) {
            throw new ToolFailure(method + " " + path.replaceAll("\\?.*", "") + ": " + answer.problem());
        }
        return answer;
    }
}
