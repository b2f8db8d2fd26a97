package dev.agentgrant.demo.evidence;

import java.util.ArrayList;
import java.util.List;

/** The commands that change a running Keycloak through its admin REST API. */
final class AdminCommands {

    private AdminCommands() {}

    static List<Command> all() {
        return List.of(
                new Command(
                        "create-sources",
                        "create the sources of sources.json in a realm",
                        "create-sources --url URL --realm REALM [--user NAME] [--password PASSWORD]",
                        """
                        Signs in to the master realm (client admin-cli, password grant), reads the realm's id
                        (GET /admin/realms/{realm}) and POSTs each source of sources.json to
                        /admin/realms/{realm}/components with that id as parentId. A source whose name the realm already
                        has is skipped with a message and left as it is (delete it to create it again from
                        sources.json). Fails (exit 1) if any source is refused, with Keycloak's message.
                        """,
                        withAdminOptions(),
                        true,
                        AdminActions::createSources),
                new Command(
                        "set-policy",
                        "set an agent's attestation policy",
                        "set-policy --url URL --realm REALM --client CLIENT_ID --policy @FILE|JSON|NAME [--user NAME] [--password PASSWORD]",
                        """
                        Sets the client attribute agent-grant.attestation-policy of the agent: reads the client by its
                        clientId, sets the attribute and PUTs the whole representation back, so nothing else of the
                        client changes. --policy is @FILE, @- (standard input), the policy JSON itself, or the name of
                        a realm policy. A JSON policy is sent compact; Keycloak validates it when it is used.
                        """,
                        withAdminOptions(
                                Option.value("client", "CLIENT_ID", "the agent's clientId (required)"),
                                Option.value("policy", "@FILE|JSON|NAME", "the policy (required)")),
                        false,
                        AdminActions::setPolicy),
                new Command(
                        "register",
                        "register provenance with a realm (for digest-ref)",
                        "register --url URL --realm REALM --source ALIAS --envelope @FILE|JSON [--user NAME] [--password PASSWORD]",
                        """
                        POSTs {"source": ALIAS, "envelope": <the DSSE envelope>} to
                        /admin/realms/{realm}/agent-grant/provenance and prints Keycloak's answer: the registration's
                        id, its subject_digests and the verified facts. Presentations then name the provenance by a
                        subject digest: --evidence build=digest-ref:sha256:<hex>. --envelope is @FILE (what
                        'provenance' printed), @- (standard input) or the envelope JSON itself.
                        """,
                        withAdminOptions(
                                Option.value(
                                        "source", "ALIAS", "the in-toto source that verifies the envelope (required)"),
                                Option.value("envelope", "@FILE|JSON", "the DSSE envelope (required)")),
                        false,
                        AdminActions::register),
                new Command(
                        "explain",
                        "dry-run a presentation and print why it passes or fails",
                        "explain --url URL --realm REALM --client CLIENT_ID --presentation @FILE|JWS [--user NAME] [--password PASSWORD]",
                        """
                        POSTs {"client_id": CLIENT_ID, "presentation": <the JWS>} to
                        /admin/realms/{realm}/agent-grant/attestation/explain and prints Keycloak's answer. Nothing is
                        consumed: the presentation stays usable. The exit code is 0 whether the answer says allowed
                        or not; 1 only when the call itself fails. --presentation is @FILE, @- (standard input) or the
                        JWS itself.
                        """,
                        withAdminOptions(
                                Option.value("client", "CLIENT_ID", "the agent's clientId (required)"),
                                Option.value("presentation", "@FILE|JWS", "the presentation (required)")),
                        false,
                        AdminActions::explain));
    }

    /** --url and --realm, the command's own options, then the admin's credentials. */
    private static List<Option> withAdminOptions(Option... options) {
        List<Option> all = new ArrayList<>(List.of(
                Option.value("url", "URL", "Keycloak's base URL, e.g. http://localhost:8080 (required)"),
                Option.value("realm", "REALM", "the realm, e.g. agent-grant-demo (required)")));
        all.addAll(List.of(options));
        all.add(Option.value("user", "NAME", "admin user of the master realm (default admin)"));
        all.add(Option.value("password", "PASSWORD", "that user's password (default admin)"));
        return all;
    }
}
