package dev.agentgrant.keycloak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.agent.AgentProfileOptions.Kind;
import dev.agentgrant.keycloak.agent.AgentProfileOptions.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of agent client attributes states exactly the declared defaults and limits. */
class ReadmeOptionTableTest {

    @Test
    void everyOptionHasARowWithItsDefaultAndLimits() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        for (Option option : AgentProfileOptions.ALL) {
            String shownDefault = option.defaultValue().isEmpty() ? "none" : "`" + option.defaultValue() + "`";
            String limits = option.kind() == Kind.BOOLEAN ? "`true` / `false`" : option.limits();
            String row = "| `" + option.name() + "` | " + shownDefault + " | " + limits + " |";
            assertThat(readme).as(option.name()).contains(row);
        }
    }
}
