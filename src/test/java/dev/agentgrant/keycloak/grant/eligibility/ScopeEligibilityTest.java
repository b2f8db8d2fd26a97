package dev.agentgrant.keycloak.grant.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A person may hand on only the scopes they could obtain themselves (README.md, "Approvals"). */
class ScopeEligibilityTest {

    private static final boolean EXISTS = true;
    private static final boolean MISSING = false;

    static Stream<Arguments> scopes() {
        return Stream.of(
                // A scope name that is no client scope of the realm: never.
                scope("missing, no roles anywhere", MISSING, Set.of(), Set.of(), false),
                scope("missing, the user holds roles", MISSING, Set.of(), Set.of("role-a"), false),
                scope("missing, with overlapping roles", MISSING, Set.of("role-a"), Set.of("role-a"), false),

                // No role scope mappings: open to everyone.
                scope("no mappings, user without roles", EXISTS, Set.of(), Set.of(), true),
                scope("no mappings, user with roles", EXISTS, Set.of(), Set.of("role-a", "role-b"), true),

                // Mappings: at least one of them.
                scope("the one mapped role held", EXISTS, Set.of("role-a"), Set.of("role-a"), true),
                scope(
                        "one of several mapped roles held",
                        EXISTS,
                        Set.of("role-a", "role-b"),
                        Set.of("role-b", "role-c"),
                        true),
                scope("every mapped role held", EXISTS, Set.of("role-a", "role-b"), Set.of("role-a", "role-b"), true),
                scope("mapped role, user without roles", EXISTS, Set.of("role-a"), Set.of(), false),
                scope(
                        "mapped roles, user with others only",
                        EXISTS,
                        Set.of("role-a", "role-b"),
                        Set.of("role-c"),
                        false),
                scope("ids compared exactly", EXISTS, Set.of("role-a"), Set.of("ROLE-A", "role-a "), false));
    }

    @ParameterizedTest(name = "{0} → {4}")
    @MethodSource("scopes")
    void permittedWhenTheScopeExistsAndIsOpenOrTheUserHoldsAMappedRole(
            String description, boolean exists, Set<String> scopeRoles, Set<String> userRoles, boolean permitted) {
        assertThat(ScopeEligibility.permitted(exists, scopeRoles, userRoles)).isEqualTo(permitted);
    }

    private static Arguments scope(
            String description, boolean exists, Set<String> scopeRoles, Set<String> userRoles, boolean permitted) {
        return Arguments.of(description, exists, scopeRoles, userRoles, permitted);
    }
}
