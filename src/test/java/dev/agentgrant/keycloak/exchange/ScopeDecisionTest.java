package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeDecisionTest {

    private static Set<String> set(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank()
                ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(spaceSeparated.trim().split(" ")));
    }

    /** requested ('-' = none) | approved | ceiling now | obtainable by the person now | granted or refusal reason. */
    @ParameterizedTest(name = "requested [{0}], approved [{1}], ceiling [{2}], obtainable [{3}] → {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-                           | a b c | a b c | a b c | a b c",
                "a                           | a b c | a b c | a b c | a",
                "c a                         | a b c | a b c | a b c | a c",
                "-                           | a b c | a c   | a b c | a c",
                "-                           | a b c | a b c | b     | b",
                "d                           | a b c | a b c d | a b c d | !scope_not_approved",
                "a d                         | a b c | a b c | a b c | !scope_not_approved",
                "b                           | a b c | a c   | a b c | !scope_no_longer_allowed",
                "b                           | a b c | a b c | a c   | !scope_no_longer_allowed",
                "-                           | a b   | c     | a b c | !no_scope_left",
                "-                           | a b   | a b   | c     | !no_scope_left"
            })
    void grantsWithinApprovedCeilingAndWhatThePersonCanObtain(
            String requested, String approved, String ceiling, String obtainable, String expected)
            throws ExchangeRefusal {
        Optional<Set<String>> asked = requested.equals("-") ? Optional.empty() : Optional.of(set(requested));
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> ScopeDecision.granted(asked, set(approved), set(ceiling), set(obtainable)))
                    .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                        assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_SCOPE);
                        assertThat(refusal.reason()).isEqualTo(expected.substring(1));
                    });
        } else {
            assertThat(ScopeDecision.granted(asked, set(approved), set(ceiling), set(obtainable)))
                    .containsExactlyElementsOf(set(expected));
        }
    }
}
