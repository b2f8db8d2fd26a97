package dev.agentgrant.keycloak.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Keycloak someone else started ({@code keycloak.backend=url}, {@code keycloak.url}), with the extension
 * already deployed. Realms the tests need and the server lacks are imported through the admin REST API;
 * the harness neither stops the server nor deletes what it imported.
 */
public final class RunningServer implements KeycloakServer {

    private final URI baseUri;
    private final AdminApi admin;

    private RunningServer(URI baseUri, AdminApi admin) {
        this.baseUri = baseUri;
        this.admin = admin;
    }

    public static RunningServer connect(HarnessSettings settings) {
        URI url = settings.serverUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "keycloak.backend=url needs keycloak.url, e.g. -Dkeycloak.url=http://localhost:8080"));
        AdminApi admin = new AdminApi(url, settings.adminUsername(), settings.adminPassword());
        for (Path realmFile :
                RealmFiles.in(List.of(settings.realmExportsDirectory(), settings.testRealmsDirectory()))) {
            if (!admin.realmExists(RealmFiles.realmName(realmFile))) {
                admin.post("/realms", RealmFiles.read(realmFile)).expect(201);
            }
        }
        return new RunningServer(url, admin);
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public AdminApi admin() {
        return admin;
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "running server at " + baseUri;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
