package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.ToolFailure;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The artifact the agent's SLSA provenance is about: the jar this agent runs from, or — run from a build's class
 * directory, as the unit tests do — its own class file.
 */
record AgentArtifact(String name, Path file) {

    static AgentArtifact locate() {
        Path location;
        try {
            location = Path.of(DemoAgent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new ToolFailure("cannot locate the agent's own code: " + e);
        }
        if (Files.isRegularFile(location)) {
            return new AgentArtifact(location.getFileName().toString(), location);
        }
        Path classFile = location.resolve(DemoAgent.class.getName().replace('.', '/') + ".class");
        return new AgentArtifact(classFile.getFileName().toString(), classFile);
    }
}
