package dev.agentgrant.keycloak.grant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LIKE pattern for one member of a space-delimited list column (an alias of {@code ATTESTATION_SOURCES}, a
 * client_id of the approved sub-agents): it matches the member as a whole word, and its wildcards ({@code _} is legal
 * in aliases and client_ids) are escaped with {@code !}.
 */
class ListMemberPatternTest {

    @ParameterizedTest
    @CsvSource({
        "spire, '% spire %'",
        "spire_prod, '% spire!_prod %'",
        "a%b, '% a!%b %'",
        "a!b, '% a!!b %'",
        "k8s.eu-1, '% k8s.eu-1 %'"
    })
    void wildcardsAreEscaped(String alias, String pattern) {
        assertThat(GrantSearch.listMemberPattern(alias)).isEqualTo(pattern);
    }

    @ParameterizedTest
    @CsvSource({
        "spire_prod, ' spire_prod ', true",
        "spire_prod, ' k8s spire_prod ', true",
        "spire_prod, ' spire-prod ', false",
        "spire, ' spire-prod ', false",
        "spire, ' k8s spire ', true",
        "spire, ' k8s ', false"
    })
    void thePatternMatchesWholeAliasesOnly(String alias, String column, boolean matches) {
        assertThat(like(GrantSearch.listMemberPattern(alias), column)).isEqualTo(matches);
    }

    /** SQL LIKE with escape character '!', as the database evaluates it. */
    private static boolean like(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '!') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }
}
