package dev.agentgrant.keycloak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.agent.AgentProfileOptions.Kind;
import dev.agentgrant.keycloak.agent.AgentProfileOptions.Option;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one declaration of the agent profile's options, which the README is checked against. */
class AgentProfileOptionsTest {

    @Test
    void everyOptionIsNamespacedDescribedAndDeclaredOnce() {
        assertThat(AgentProfileOptions.ALL).hasSize(16);
        assertThat(AgentProfileOptions.ALL)
                .extracting(Option::name)
                .doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith(AgentProfileOptions.PREFIX));
        assertThat(AgentProfileOptions.ALL).allSatisfy(option -> {
            assertThat(option.description()).isNotBlank().doesNotContain("\n");
            assertThat(AgentProfileOptions.byName(option.name())).contains(option);
        });
        assertThat(AgentProfileOptions.byName("agent-grant.spiffe-id")).isEmpty();
    }

    @Test
    void theAttributesAttestationReadsHaveTheirDocumentedNames() {
        assertThat(AgentProfileOptions.ATTESTATION_POLICY.name()).isEqualTo("agent-grant.attestation-policy");
        assertThat(AgentProfileOptions.OWNED_ELSEWHERE).containsExactly("agent-grant.spiffe-id");
    }

    @Test
    void everyNumericDefaultLiesWithinItsLimits() {
        assertThat(AgentProfileOptions.ALL)
                .filteredOn(o -> o.kind() == Kind.SECONDS || o.kind() == Kind.COUNT)
                .hasSize(7)
                .allSatisfy(option ->
                        assertThat(Long.parseLong(option.defaultValue())).isBetween(option.min(), option.max()));
    }

    @Test
    void theDeclaredDefaultsAndLimitsAreTheDocumentedOnes() {
        Map<String, Option> options = AgentProfileOptions.ALL.stream()
                .collect(Collectors.toMap(
                        o -> o.name().substring(AgentProfileOptions.PREFIX.length()), Function.identity()));

        assertThat(options.get("enabled").defaultValue()).isEqualTo("false");
        assertThat(options.get("suspended").defaultValue()).isEqualTo("false");
        assertThat(options.get("require-login-hint").defaultValue()).isEqualTo("false");
        assertThat(options.get("dpop-nonce-required").defaultValue()).isEqualTo("false");
        assertThat(options.get("allowed-audiences").limits()).isEqualTo("at most 32 names");
        assertThat(options.get("allowed-scopes").limits()).isEqualTo("at most 64 names");
        assertThat(options.get("max-grant-lifetime").defaultValue()).isEqualTo("3600");
        assertThat(options.get("max-grant-lifetime").limits()).isEqualTo("60–2592000 seconds");
        assertThat(options.get("approval-timeout").defaultValue()).isEqualTo("600");
        assertThat(options.get("approval-timeout").limits()).isEqualTo("60–86400 seconds");
        assertThat(options.get("max-pending-requests").defaultValue()).isEqualTo("20");
        assertThat(options.get("max-pending-requests").limits()).isEqualTo("1–1000");
        assertThat(options.get("max-pending-requests-per-user").defaultValue()).isEqualTo("5");
        assertThat(options.get("max-pending-requests-per-user").limits()).isEqualTo("1–100");
        assertThat(options.get("max-auth-age").defaultValue()).isEqualTo("300");
        assertThat(options.get("max-auth-age").limits()).isEqualTo("0–86400 seconds");
        assertThat(options.get("max-uses").defaultValue()).isEqualTo("100");
        assertThat(options.get("max-uses").limits()).isEqualTo("1–100000");
        assertThat(options.get("attestation-policy").defaultValue()).isEmpty();
        assertThat(options.get("attestation-policy").limits()).isEmpty();
        assertThat(options.get("delegates").defaultValue()).isEmpty();
        assertThat(options.get("delegates").limits()).isEqualTo("at most 16 names");
        assertThat(options.get("delegation-depth").defaultValue()).isEqualTo("2");
        assertThat(options.get("delegation-depth").limits()).isEqualTo("0–5");
    }

    @Test
    void scopeTokensFollowRfc6749() {
        assertThat(ScopeToken.isValid("calendar:read/events!#$%&'()*+,-.;<=>?@[]^_`{|}~"))
                .isTrue();
        assertThat(ScopeToken.isValid("x".repeat(255))).isTrue();
        assertThat(ScopeToken.isValid("x".repeat(256))).isFalse();
        assertThat(ScopeToken.isValid("")).isFalse();
        assertThat(ScopeToken.isValid(null)).isFalse();
        for (String bad : new String[] {"a b", "a\"b", "a\\b", "a\tb", "a\u007fb", "caf\u00e9"}) {
            assertThat(ScopeToken.isValid(bad)).as(bad).isFalse();
        }
    }
}
