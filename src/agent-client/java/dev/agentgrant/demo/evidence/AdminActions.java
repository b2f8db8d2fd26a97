package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the admin commands do (see {@link AdminCommands} for their help). */
final class AdminActions {

    /** The client attribute holding an agent's attestation policy (docs/attestation.md, "Policies"). */
    static final String POLICY_ATTRIBUTE = "agent-grant.attestation-policy";

    private AdminActions() {}

    static void createSources(Arguments args, Context context) throws IOException {
        AdminClient.Target target = AdminClient.Target.of(args);
        Path file = context.state().file(StateDir.SOURCES);
        if (!(Json.parse(Files.readString(file)) instanceof List<?> sources)) {
            throw new ToolFailure(file + " is not a JSON array of sources");
        }
        AdminClient admin = AdminClient.signIn(target);
        String realmPath = target.realmPath();
        if (!(admin.call("GET", realmPath, null, 200).json() instanceof Map<?, ?> realm)
                || !(realm.get("id") instanceof String realmId)) {
            throw new ToolFailure("GET " + realmPath + " did not answer a realm with an id");
        }
        Map<String, String> existing = new LinkedHashMap<>();
        if (admin.call(
                                "GET",
                                realmPath + "/components?parent=" + Forms.segment(realmId) + "&type="
                                        + Forms.segment(TrustAnchors.PROVIDER_TYPE),
                                null,
                                200)
                        .json()
                instanceof List<?> components) {
            for (Object component : components) {
                if (component instanceof Map<?, ?> c && c.get("name") instanceof String name) {
                    existing.put(name, String.valueOf(c.get("id")));
                }
            }
        }
        int failed = 0;
        for (Object item : sources) {
            if (!(item instanceof Map<?, ?> source) || !(source.get("name") instanceof String name)) {
                throw new ToolFailure(file + " holds an entry without a name");
            }
            if (existing.containsKey(name)) {
                context.out()
                        .println("skipped " + name + ": the realm already has a source of that name (id "
                                + existing.get(name) + "); it is left as it is");
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>(Json.object(source, name));
            body.put("parentId", realmId);
            Answer answer = admin.send("POST", realmPath + "/components", Json.compact(body));
            if (answer.status() == 201) {
                String location = answer.location();
                context.out()
                        .println("created " + name
                                + (location == null
                                        ? ""
                                        : " (id " + location.substring(location.lastIndexOf('/') + 1) + ")"));
            } else {
                context.err().println("refused " + name + ": " + answer.problem());
                failed++;
            }
        }
        if (failed > 0) {
            throw new ToolFailure(failed + " of " + sources.size() + " sources were refused");
        }
    }

    static void setPolicy(Arguments args, Context context) throws IOException {
        AdminClient.Target target = AdminClient.Target.of(args);
        String clientId = args.required("client");
        String policy = Inputs.text(args, "policy", context);
        if (policy.startsWith("{")) {
            try {
                policy = Json.compact(Json.parse(policy));
            } catch (ToolFailure e) {
                throw new UsageError("--policy is not valid JSON: " + e.getMessage());
            }
        } else if (!SigningCommands.SOURCE_ALIAS.matcher(policy).matches()) {
            // Realm policies are named like sources (docs/attestation.md, "Policies").
            throw new UsageError(
                    "--policy must be a JSON object, or the name of a realm policy (a-z, 0-9, '.', '_', '-')");
        }
        AdminClient admin = AdminClient.signIn(target);
        String clientsPath = target.realmPath() + "/clients";
        String id = null;
        if (admin.call("GET", clientsPath + "?clientId=" + Forms.segment(clientId), null, 200)
                        .json()
                instanceof List<?> found) {
            for (Object client : found) {
                if (client instanceof Map<?, ?> c
                        && clientId.equals(c.get("clientId"))
                        && c.get("id") instanceof String uuid) {
                    id = uuid;
                }
            }
        }
        if (id == null) {
            throw new ToolFailure("realm " + target.realm() + " has no client " + clientId);
        }
        String clientPath = clientsPath + "/" + Forms.segment(id);
        if (!(admin.call("GET", clientPath, null, 200).json() instanceof Map<?, ?> read)) {
            throw new ToolFailure("GET " + clientPath + " did not answer a client");
        }
        Map<String, Object> client = Json.object(read, "the client");
        Map<String, Object> attributes = client.get("attributes") instanceof Map<?, ?> a
                ? new LinkedHashMap<>(Json.object(a, "the client's attributes"))
                : new LinkedHashMap<>();
        Object previous = attributes.put(POLICY_ATTRIBUTE, policy);
        client.put("attributes", attributes);
        admin.call("PUT", clientPath, Json.compact(client), 204);
        context.out()
                .println((policy.equals(previous) ? "unchanged: " : "set: ") + POLICY_ATTRIBUTE + " of client "
                        + clientId + " = " + policy);
    }

    static void register(Arguments args, Context context) throws IOException {
        AdminClient.Target target = AdminClient.Target.of(args);
        String source = args.required("source");
        if (!SigningCommands.SOURCE_ALIAS.matcher(source).matches()) {
            throw new UsageError("--source '" + source + "' is not a source alias (a-z, 0-9, '.', '_', '-')");
        }
        Object envelope;
        try {
            envelope = Json.parse(Inputs.text(args, "envelope", context));
        } catch (ToolFailure e) {
            throw new UsageError("--envelope is not JSON: " + e.getMessage());
        }
        if (!(envelope instanceof Map<?, ?>)) {
            throw new UsageError("--envelope is not a JSON object (a DSSE envelope)");
        }
        Answer answer = AdminClient.signIn(target)
                .call(
                        "POST",
                        target.realmPath() + "/agent-grant/provenance",
                        Json.compact(Json.map("source", source, "envelope", envelope)),
                        201);
        context.out().print(Json.pretty(answer.json()));
    }

    static void explain(Arguments args, Context context) throws IOException {
        AdminClient.Target target = AdminClient.Target.of(args);
        String clientId = args.required("client");
        String presentation = Inputs.text(args, "presentation", context);
        Answer answer = AdminClient.signIn(target)
                .call(
                        "POST",
                        target.realmPath() + "/agent-grant/attestation/explain",
                        Json.compact(Json.map("client_id", clientId, "presentation", presentation)),
                        200);
        context.out().print(Json.pretty(answer.json()));
    }
}
