package dev.agentgrant.demo.api;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7662 token introspection, authenticated as this API (client_secret_basic, RFC 6749 §2.3.1). */
record Introspection(Http http, String endpoint, String issuer, String client, String secret) {

    Map<String, Object> introspect(String token) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", "access_token");
        Answer answer = http.postForm(endpoint, form, "Authorization", Forms.basic(client, secret));
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + " from " + endpoint);
        }
        return Json.object(Json.parse(answer.body()), "the introspection answer");
    }
}
