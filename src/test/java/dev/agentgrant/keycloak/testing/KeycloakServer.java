package dev.agentgrant.keycloak.testing;

import java.net.URI;
import java.util.Optional;

/** A Keycloak with the extension deployed, as the integration tests see it: reachable over HTTP only. */
public interface KeycloakServer extends AutoCloseable {

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    URI baseUri();

    /** {@code /realms/{realm}} under {@link #baseUri()}. */
    default URI realmUri(String realm) {
        return baseUri().resolve("/realms/" + realm);
    }

    /** The admin REST API, authenticated as the bootstrap admin of the master realm. */
    AdminApi admin();

    /** Plain HTTP toward this server, as an agent would talk to it. */
    default Http http() {
        return new Http(baseUri());
    }

    /** The server log, where the harness can see it (not for an already running server). */
    Optional<java.nio.file.Path> logFile();

    /** The server log's last lines, for failure reports. */
    default String logTail(int lines) {
        return logFile().map(log -> LogTail.of(log, lines)).orElse("(the harness has no log of " + describe() + ")");
    }

    /** What runs, e.g. "distribution 26.7.3 on postgres at http://127.0.0.1:41234". */
    String describe();

    @Override
    void close();
}
