package dev.agentgrant.keycloak.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent profile: defaults, limits, ceilings (docs/wire-contract.md, "Agent client"; README.md, "Agent clients")
 * and reporting every problem at once.
 */
class AgentProfileTest {

    private static Map<String, String> attributes(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aClientWithoutAttributesIsNotAnAgentAndGetsEveryDefault() throws AgentProfileProblems {
        AgentProfile profile = AgentProfile.read(Map.of());

        assertThat(profile.enabled()).isFalse();
        assertThat(profile.suspended()).isFalse();
        assertThat(profile.active()).isFalse();
        assertThat(profile.allowedAudiences()).isEmpty();
        assertThat(profile.allowedScopes()).isEmpty();
        assertThat(profile.maxGrantLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(profile.approvalTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(profile.owners()).isEmpty();
        assertThat(profile.maxPendingRequests()).isEqualTo(20);
        assertThat(profile.maxPendingRequestsPerUser()).isEqualTo(5);
        assertThat(profile.requireLoginHint()).isFalse();
        assertThat(profile.maxAuthAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(profile.attestationPolicy()).isEmpty();
        assertThat(profile.maxUses()).isEqualTo(100);
        assertThat(profile.dpopNonceRequired()).isFalse();
        assertThat(profile.delegates()).isEmpty();
        assertThat(profile.delegationDepth()).isEqualTo(2);
    }

    @Test
    void nullAttributesReadAsNone() throws AgentProfileProblems {
        assertThat(AgentProfile.read(null).enabled()).isFalse();
    }

    @Test
    void aFullProfileIsReadAsWritten() throws AgentProfileProblems {
        AgentProfile profile = AgentProfile.read(attributes(
                "agent-grant.enabled", "true",
                "agent-grant.suspended", "false",
                "agent-grant.allowed-audiences", "calendar-api  mail-api",
                "agent-grant.allowed-scopes", " calendar.read calendar.write\tmail:send ",
                "agent-grant.max-grant-lifetime", "2592000",
                "agent-grant.approval-timeout", "86400",
                "agent-grant.owners", "alice bob@example.com zoë",
                "agent-grant.max-pending-requests", "1000",
                "agent-grant.max-pending-requests-per-user", "100",
                "agent-grant.require-login-hint", "true",
                "agent-grant.max-auth-age", "0",
                "agent-grant.attestation-policy", "  production-agents ",
                "agent-grant.max-uses", "100000",
                "agent-grant.dpop-nonce-required", "true",
                "agent-grant.delegates", "calendar-helper mail-helper",
                "agent-grant.delegation-depth", "5",
                "agent-grant.spiffe-id", "spiffe://example.org/agent",
                "client.secret.creation.time", "1700000000",
                "pkce.code.challenge.method", "S256"));

        assertThat(profile.active()).isTrue();
        assertThat(profile.allowedAudiences()).containsExactly("calendar-api", "mail-api");
        assertThat(profile.allowedScopes()).containsExactly("calendar.read", "calendar.write", "mail:send");
        assertThat(profile.allowsAudience("mail-api")).isTrue();
        assertThat(profile.allowsAudience("Mail-api")).isFalse();
        assertThat(profile.allowsScope("calendar.write")).isTrue();
        assertThat(profile.allowsScope("calendar")).isFalse();
        assertThat(profile.allowsScope(null)).isFalse();
        assertThat(profile.maxGrantLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(profile.approvalTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(profile.owners()).containsExactly("alice", "bob@example.com", "zoë");
        assertThat(profile.maxPendingRequests()).isEqualTo(1000);
        assertThat(profile.maxPendingRequestsPerUser()).isEqualTo(100);
        assertThat(profile.requireLoginHint()).isTrue();
        assertThat(profile.maxAuthAge()).isEqualTo(Duration.ZERO);
        assertThat(profile.attestationPolicy()).contains("production-agents");
        assertThat(profile.maxUses()).isEqualTo(100_000);
        assertThat(profile.dpopNonceRequired()).isTrue();
        assertThat(profile.delegates()).containsExactly("calendar-helper", "mail-helper");
        assertThat(profile.delegationDepth()).isEqualTo(5);
    }

    @Test
    void aSuspendedAgentIsNotActive() throws AgentProfileProblems {
        AgentProfile profile =
                AgentProfile.read(attributes("agent-grant.enabled", "true", "agent-grant.suspended", "true"));

        assertThat(profile.enabled()).isTrue();
        assertThat(profile.active()).isFalse();
    }

    @Test
    void emptyValuesTakeTheDefault() throws AgentProfileProblems {
        Map<String, String> cleared = new HashMap<>();
        for (AgentProfileOptions.Option option : AgentProfileOptions.ALL) {
            cleared.put(option.name(), "");
        }
        cleared.put("agent-grant.suspended", null);

        AgentProfile profile = AgentProfile.read(cleared);

        assertThat(profile.enabled()).isFalse();
        assertThat(profile.maxUses()).isEqualTo(100);
        assertThat(profile.attestationPolicy()).isEmpty();
    }

    @Test
    void theLimitsOfEveryNumberAreAccepted() throws AgentProfileProblems {
        AgentProfile lowest = AgentProfile.read(attributes(
                "agent-grant.max-grant-lifetime",
                "60",
                "agent-grant.approval-timeout",
                "60",
                "agent-grant.max-pending-requests",
                "1",
                "agent-grant.max-pending-requests-per-user",
                "1",
                "agent-grant.max-auth-age",
                "0",
                "agent-grant.max-uses",
                "1"));

        assertThat(lowest.maxGrantLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lowest.approvalTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lowest.maxPendingRequests()).isEqualTo(1);
        assertThat(lowest.maxPendingRequestsPerUser()).isEqualTo(1);
        assertThat(lowest.maxUses()).isEqualTo(1);
        assertThat(AgentProfile.read(attributes("agent-grant.max-auth-age", "86400"))
                        .maxAuthAge())
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void theLargestCeilingsAreAccepted() throws AgentProfileProblems {
        String longest = "x".repeat(255);
        AgentProfile profile = AgentProfile.read(attributes(
                "agent-grant.allowed-scopes", names("s", 63) + " " + longest,
                "agent-grant.allowed-audiences", names("c", 31) + " " + longest,
                "agent-grant.owners", names("u", 31) + " " + longest));

        assertThat(profile.allowedScopes()).hasSize(64).contains("s1", "s63", longest);
        assertThat(profile.allowedAudiences()).hasSize(32).contains("c1", "c31", longest);
        assertThat(profile.owners()).hasSize(32);
    }

    private static String names(String stem, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> stem + i).collect(Collectors.joining(" "));
    }

    record Case(String name, Map<String, String> attributes, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case invalid(String name, String attribute, String value, String problem) {
        return new Case(name, attributes(attribute, value), List.of(problem));
    }

    static Stream<Case> invalidProfiles() {
        List<Case> cases = new ArrayList<>();
        for (String value : List.of("TRUE", "True", "yes", "1", " true", "true ", "on")) {
            cases.add(invalid(
                    "enabled " + value,
                    "agent-grant.enabled",
                    value,
                    "agent-grant.enabled must be exactly true or false, not '" + value + "'"));
        }
        cases.add(invalid(
                "suspended yes",
                "agent-grant.suspended",
                "yes",
                "agent-grant.suspended must be exactly true or false"));
        cases.add(invalid(
                "require-login-hint 0",
                "agent-grant.require-login-hint",
                "0",
                "agent-grant.require-login-hint must be exactly true or false"));

        cases.add(invalid(
                "lifetime above 30 days",
                "agent-grant.max-grant-lifetime",
                "2592001",
                "agent-grant.max-grant-lifetime must be a whole number from 60 to 2592000 seconds, not '2592001'"));
        cases.add(invalid(
                "lifetime below a minute", "agent-grant.max-grant-lifetime", "59", "from 60 to 2592000 seconds"));
        cases.add(invalid("lifetime with unit", "agent-grant.max-grant-lifetime", "1h", "not '1h'"));
        cases.add(invalid("lifetime as ISO duration", "agent-grant.max-grant-lifetime", "PT1H", "not 'PT1H'"));
        cases.add(invalid("lifetime negative", "agent-grant.max-grant-lifetime", "-3600", "not '-3600'"));
        cases.add(invalid("lifetime with plus", "agent-grant.max-grant-lifetime", "+3600", "not '+3600'"));
        cases.add(invalid("lifetime with leading zero", "agent-grant.max-grant-lifetime", "03600", "not '03600'"));
        cases.add(invalid("lifetime with blank", "agent-grant.max-grant-lifetime", "3600 ", "not '3600 '"));
        cases.add(invalid("lifetime as decimal", "agent-grant.max-grant-lifetime", "3600.0", "not '3600.0'"));
        cases.add(invalid("lifetime in Arabic-Indic digits", "agent-grant.max-grant-lifetime", "٣٦٠٠", "not '٣٦٠٠'"));
        cases.add(invalid(
                "lifetime beyond a long",
                "agent-grant.max-grant-lifetime",
                "99999999999999999999",
                "agent-grant.max-grant-lifetime must be a whole number"));
        cases.add(invalid(
                "approval timeout 59",
                "agent-grant.approval-timeout",
                "59",
                "agent-grant.approval-timeout must be a whole number from 60 to 86400 seconds"));
        cases.add(
                invalid("approval timeout 86401", "agent-grant.approval-timeout", "86401", "from 60 to 86400 seconds"));
        cases.add(invalid(
                "pending 0",
                "agent-grant.max-pending-requests",
                "0",
                "agent-grant.max-pending-requests must be a whole number from 1 to 1000, not '0'"));
        cases.add(invalid("pending 1001", "agent-grant.max-pending-requests", "1001", "from 1 to 1000"));
        cases.add(invalid(
                "pending per user 0",
                "agent-grant.max-pending-requests-per-user",
                "0",
                "agent-grant.max-pending-requests-per-user must be a whole number from 1 to 100"));
        cases.add(invalid("pending per user 101", "agent-grant.max-pending-requests-per-user", "101", "from 1 to 100"));
        cases.add(invalid(
                "auth age 86401",
                "agent-grant.max-auth-age",
                "86401",
                "agent-grant.max-auth-age must be a whole number from 0 to 86400 seconds"));
        cases.add(invalid(
                "max uses 0",
                "agent-grant.max-uses",
                "0",
                "agent-grant.max-uses must be a whole number from 1 to 100000"));
        cases.add(invalid("max uses 100001", "agent-grant.max-uses", "100001", "from 1 to 100000"));

        for (String scope : List.of("openid", "offline_access", "OpenID", "OFFLINE_ACCESS")) {
            cases.add(invalid(
                    "ceiling holds " + scope,
                    "agent-grant.allowed-scopes",
                    "calendar.read " + scope,
                    "agent-grant.allowed-scopes: '" + scope + "' may never be in an agent's ceiling"));
        }
        for (String client :
                List.of("account", "realm-management", "admin-cli", "security-admin-console", "broker", "Account")) {
            cases.add(invalid(
                    "audiences hold " + client,
                    "agent-grant.allowed-audiences",
                    "calendar-api " + client,
                    "agent-grant.allowed-audiences: '" + client + "' is a built-in Keycloak client"));
        }
        for (String scope : List.of("a\"b", "a\\b", "é", "a\u0000b", "a\u00a0b", "a\u200bb")) {
            cases.add(invalid(
                    "scope outside RFC 6749 §3.3: " + AgentProfile.shown(scope),
                    "agent-grant.allowed-scopes",
                    scope,
                    "is not a scope name (RFC 6749 §3.3"));
        }
        cases.add(invalid("scope name too long", "agent-grant.allowed-scopes", "s".repeat(256), "is not a scope name"));
        cases.add(invalid(
                "client_id with quote",
                "agent-grant.allowed-audiences",
                "cal\"endar",
                "is not a client_id an agent may name"));
        cases.add(invalid(
                "scope listed twice",
                "agent-grant.allowed-scopes",
                "a b a",
                "agent-grant.allowed-scopes: 'a' is listed twice"));
        cases.add(
                invalid("audience listed twice", "agent-grant.allowed-audiences", "api api", "'api' is listed twice"));
        cases.add(invalid(
                "owner listed twice",
                "agent-grant.owners",
                "alice alice",
                "agent-grant.owners: 'alice' is listed twice"));
        cases.add(invalid(
                "65 scopes",
                "agent-grant.allowed-scopes",
                names("s", 65),
                "agent-grant.allowed-scopes holds 65 names, at most 64 are allowed"));
        cases.add(invalid(
                "33 audiences",
                "agent-grant.allowed-audiences",
                names("c", 33),
                "agent-grant.allowed-audiences holds 33 names, at most 32 are allowed"));
        cases.add(invalid("33 owners", "agent-grant.owners", names("u", 33), "agent-grant.owners holds 33 names"));
        cases.add(invalid(
                "owner with a zero-width space",
                "agent-grant.owners",
                "ali\u200bce",
                "agent-grant.owners: 'ali\\u200Bce' is not a username"));
        cases.add(invalid("owner with a no-break space", "agent-grant.owners", "ali\u00a0ce", "is not a username"));
        cases.add(invalid("owner with a bidi override", "agent-grant.owners", "\u202eecila", "is not a username"));
        cases.add(invalid("owner too long", "agent-grant.owners", "u".repeat(256), "is not a username"));

        cases.add(invalid(
                "typo in an option name",
                "agent-grant.allowed-scope",
                "calendar.read",
                "unknown attribute 'agent-grant.allowed-scope'"));
        cases.add(invalid(
                "option name in another case",
                "Agent-Grant.enabled",
                "true",
                "unknown attribute 'Agent-Grant.enabled'"));
        cases.add(invalid("bare prefix", "agent-grant.", "x", "unknown attribute 'agent-grant.'"));

        cases.add(new Case(
                "every problem at once",
                attributes(
                        "agent-grant.enabled", "yes",
                        "agent-grant.allowed-scopes", "openid calendar.read",
                        "agent-grant.allowed-audiences", "account",
                        "agent-grant.max-uses", "0",
                        "agent-grant.maxuses", "5",
                        "agent-grant.approval-timeout", "1"),
                List.of(
                        "unknown attribute 'agent-grant.maxuses'",
                        "agent-grant.enabled must be exactly true or false",
                        "agent-grant.allowed-audiences: 'account'",
                        "agent-grant.allowed-scopes: 'openid'",
                        "agent-grant.approval-timeout must be",
                        "agent-grant.max-uses must be")));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("invalidProfiles")
    void anInvalidProfileReportsEachProblem(Case c) {
        AgentProfileProblems thrown =
                catchThrowableOfType(AgentProfileProblems.class, () -> AgentProfile.read(c.attributes()));

        assertThat(thrown).as("profile should be refused").isNotNull();
        assertThat(thrown.problems()).hasSameSizeAs(c.problems());
        for (int i = 0; i < c.problems().size(); i++) {
            assertThat(thrown.problems().get(i)).contains(c.problems().get(i));
        }
        assertThat(thrown.getMessage()).startsWith("Invalid agent profile: ");
    }

    @Test
    void attributesOwnedElsewhereAndOutsideTheNamespaceAreNotReported() throws AgentProfileProblems {
        AgentProfile profile = AgentProfile.read(attributes(
                "agent-grant.spiffe-id", "anything at all",
                "agent-grant.attestation-policy", "{\"not\": \"checked here\"}",
                "agentgrant.enabled", "yes",
                "use.refresh.tokens", "maybe"));

        assertThat(profile.attestationPolicy()).contains("{\"not\": \"checked here\"}");
    }

    @Test
    void problemsShowValuesShortenedAndWithInvisibleCharactersEscaped() {
        AgentProfileProblems thrown = catchThrowableOfType(
                AgentProfileProblems.class,
                () -> AgentProfile.read(attributes("agent-grant.max-uses", "1\n" + "9".repeat(100))));

        assertThat(thrown.problems())
                .singleElement()
                .asString()
                .contains("not '1\\u000A" + "9".repeat(38) + "…'")
                .doesNotContain("\n");
    }

    @Test
    void aBlankPolicyIsNoPolicy() throws AgentProfileProblems {
        assertThat(AgentProfile.read(attributes("agent-grant.attestation-policy", "   "))
                        .attestationPolicy())
                .isEmpty();
    }
}
