package dev.agentgrant.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.agent.AgentProfileOptions.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's agent form (agent-options.js) has a field for every option of the agent profile, so an option added
 * to {@link AgentProfileOptions} cannot be left out of it; {@code enabled} and {@code suspended} have no field (an
 * agent is always enabled; suspension has its own buttons).
 */
class ConsoleAgentOptionsTest {

    private static final Path OPTIONS =
            Path.of("src/main/resources/dev/agentgrant/keycloak/console/static/js/agent-options.js");

    @Test
    void everyProfileOptionHasAFieldAndEveryFieldIsAnOption() throws IOException {
        Set<String> fields = new TreeSet<>();
        Matcher field = Pattern.compile("\\['([a-z-]+)', '[A-Za-z]+', '(?:text|number|checkbox|textarea)'")
                .matcher(Files.readString(OPTIONS));
        while (field.find()) {
            fields.add(AgentProfileOptions.PREFIX + field.group(1));
        }
        Set<String> options = new TreeSet<>();
        AgentProfileOptions.ALL.stream().map(Option::name).forEach(options::add);
        options.remove(AgentProfileOptions.ENABLED.name());
        options.remove(AgentProfileOptions.SUSPENDED.name());
        options.addAll(AgentProfileOptions.OWNED_ELSEWHERE);

        assertThat(fields).isEqualTo(options);
    }
}
