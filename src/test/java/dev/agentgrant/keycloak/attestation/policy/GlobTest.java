package dev.agentgrant.keycloak.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy glob: grammar, whole-value matching, agreement with a reference matcher, and bounded time. */
class GlobTest {

    record Case(String pattern, String value, boolean matches) {
        @Override
        public String toString() {
            return "'" + pattern + "' " + (matches ? "matches" : "does not match") + " '" + value + "'";
        }
    }

    static Stream<Case> cases() {
        String runner = "https://github.com/actions/runner/*";
        return Stream.of(
                new Case(runner, "https://github.com/actions/runner/github-hosted", true),
                new Case(runner, "https://github.com/actions/runner/", true),
                new Case(runner, "https://github.com/actions/runner/a/b/c", true),
                new Case(runner, "https://github.com/actions/runner", false),
                new Case(runner, "https://github.com/actions/runnerx/a", false),
                new Case(runner, "https://github.com/Actions/runner/a", false),
                new Case(runner, "xhttps://github.com/actions/runner/a", false),
                new Case("abc", "abc", true),
                new Case("abc", "abcd", false),
                new Case("abc", "ab", false),
                new Case("*", "", true),
                new Case("*", "anything/at.all", true),
                new Case("**", "", true),
                new Case("a*", "a", true),
                new Case("*a", "a", true),
                new Case("*a*", "bab", true),
                new Case("*a*", "bbb", false),
                new Case("a*b*c", "abc", true),
                new Case("a*b*c", "aXbYc", true),
                new Case("a*b*c", "acb", false),
                new Case("a*ab", "aab", true),
                new Case("a*a", "a", false),
                new Case("?", "x", true),
                new Case("?", "", false),
                new Case("?", "xy", false),
                new Case("?", "\uD83D\uDE00", true),
                new Case("a?c", "abc", true),
                new Case("a?c", "ac", false),
                new Case("*?x?*", "axb", true),
                new Case("*?x?*", "xb", false),
                new Case("\\*", "*", true),
                new Case("\\*", "a", false),
                new Case("a\\?c", "a?c", true),
                new Case("a\\?c", "abc", false),
                new Case("a\\\\b", "a\\b", true),
                new Case(".*", "abc", false),
                new Case("[ab]", "a", false),
                new Case("[ab]", "[ab]", true),
                new Case("a+", "aa", false),
                new Case("spiffe://example.org/ns/*/sa/agent-?", "spiffe://example.org/ns/x/y/sa/agent-1", true),
                new Case("spiffe://example.org/ns/*/sa/agent-?", "spiffe://example.org/ns/x/sa/agent-12", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheWholeValue(Case c) {
        assertThat(glob(c.pattern()).matches(c.value())).isEqualTo(c.matches());
    }

    @Test
    void refusesAnEmptyATrailingBackslashOrAnOverlongPattern() {
        for (String pattern : List.of("", "abc\\", "a".repeat(Glob.MAX_LENGTH + 1))) {
            List<String> problems = new ArrayList<>();
            assertThat(Glob.compile(pattern, "facts[0].glob", problems)).isEmpty();
            assertThat(problems).singleElement().asString().startsWith("facts[0].glob: ");
        }
    }

    /** Random patterns over a tiny alphabet agree with a dynamic-programming reference, long segments included. */
    @Test
    void agreesWithAReferenceMatcherOnRandomInputs() {
        Random random = new Random(20261128);
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomText(random, "ab*?", 1 + random.nextInt(round % 10 == 0 ? 140 : 9));
            String value = randomText(random, "ab", random.nextInt(round % 10 == 0 ? 300 : 12));
            assertThat(glob(pattern).matches(value))
                    .as("'%s' vs '%s'", pattern, value)
                    .isEqualTo(reference(pattern, value));
        }
    }

    static Stream<String> pathologicalPatterns() {
        return Stream.of(
                "a*a*a*a*a*b",
                "*a*a*a*a*a*a*a*a*a*a*a*a*b",
                "*a*a*a*a*a*a*a*a*a*a*a*a*b*",
                "*?*?*?*?*?*?*?*?*b",
                "**********************b",
                "*" + "a".repeat(500) + "b*",
                "*" + "?a".repeat(400) + "b*",
                "a*" + "a*".repeat(300) + "b");
    }

    /** Backtracking matchers take exponential or quadratic time here; this one stays linear in the value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pathologicalPatterns")
    void pathologicalPatternsStayFast(String pattern) {
        Glob glob = glob(pattern);
        String value = "a".repeat(200_000);
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> glob.matches(value));
        assertThat(matched).isFalse();
    }

    private static Glob glob(String pattern) {
        List<String> problems = new ArrayList<>();
        Glob glob = Glob.compile(pattern, "glob", problems).orElse(null);
        assertThat(problems).isEmpty();
        return glob;
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Textbook O(n·m) table: pattern prefix i matches value prefix j. Patterns here hold no escapes. */
    private static boolean reference(String pattern, String value) {
        boolean[][] match = new boolean[pattern.length() + 1][value.length() + 1];
        match[0][0] = true;
        for (int i = 1; i <= pattern.length(); i++) {
            char p = pattern.charAt(i - 1);
            match[i][0] = p == '*' && match[i - 1][0];
            for (int j = 1; j <= value.length(); j++) {
                match[i][j] = p == '*'
                        ? match[i - 1][j] || match[i][j - 1]
                        : match[i - 1][j - 1] && (p == '?' || p == value.charAt(j - 1));
            }
        }
        return match[pattern.length()][value.length()];
    }
}
