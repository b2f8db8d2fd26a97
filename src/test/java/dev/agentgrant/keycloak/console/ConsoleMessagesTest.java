package dev.agentgrant.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's texts: every key its scripts name is in both bundles, and every console key of the bundles is named
 * by a script (literally, or by a family a script composes, such as {@code status.${status}}).
 */
class ConsoleMessagesTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/dev/agentgrant/keycloak/console/static/js");
    private static final Path MESSAGES = Path.of("themes/messages");

    @Test
    void everyKeyAScriptNamesIsInBothBundlesAndEveryConsoleKeyIsUsed() throws IOException {
        String scripts = scripts();
        Set<String> literal = matches(Pattern.compile("(?<![A-Za-z0-9_.])t\\('([A-Za-z0-9_.]+)'"), scripts);
        literal.addAll(matches(Pattern.compile("(?:title|nav): '([A-Za-z0-9_.]+)'"), scripts));
        Set<String> families = matches(Pattern.compile("(?<![A-Za-z0-9_.])t\\(`([A-Za-z0-9_.]+\\.)\\$\\{"), scripts);

        for (String locale : new String[] {"en", "de"}) {
            Set<String> keys = consoleKeys(locale);
            assertThat(keys).as(locale).containsAll(literal);
            assertThat(keys)
                    .as(locale + ": keys no script names")
                    .allMatch(key -> literal.contains(key) || families.stream().anyMatch(key::startsWith));
        }
        assertThat(families).contains("status.", "audit.");
    }

    @Test
    void consoleMessagesStripThePrefixAndKeepNothingElse() {
        Properties messages = new Properties();
        messages.setProperty("agentGrantConsole.logout", "Sign out");
        messages.setProperty("agentGrantConsole.", "empty name");
        messages.setProperty("agentGrantVerifyTitle", "not the console's");
        messages.setProperty("loginTitle", "Keycloak's");

        assertThat(ConsoleMessages.of(messages)).containsExactly(java.util.Map.entry("logout", "Sign out"));
    }

    private static String scripts() throws IOException {
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            StringBuilder all = new StringBuilder();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".js")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        }
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Set<String> consoleKeys(String locale) throws IOException {
        Properties bundle = new Properties();
        try (Reader reader = Files.newBufferedReader(
                MESSAGES.resolve("messages_" + locale + ".properties"), StandardCharsets.UTF_8)) {
            bundle.load(reader);
        }
        return ConsoleMessages.of(bundle).keySet().stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
