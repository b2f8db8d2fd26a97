package dev.agentgrant.keycloak.grant.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.support.OAuthError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a grant stands for, as RFC 9396 {@code authorization_details}: what {@link AgentTaskDetails#describe} writes
 * is exactly what {@link AgentTaskDetails#checkAgreement} accepts for the same request, and nothing else.
 */
class AgentTaskDetailsTest {

    private static final String LOCATION = "https://sso.example.com/realms/acme";
    private static final String PURPOSE = "Move tomorrow's 9:00 meeting with Dana to Friday";

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("one scope", ordered("calendar.read"), LOCATION, PURPOSE),
                Arguments.of("two scopes", ordered("calendar.write", "calendar.read"), LOCATION, PURPOSE),
                Arguments.of(
                        "many scopes", ordered("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), LOCATION, PURPOSE),
                Arguments.of(
                        "URI scopes",
                        ordered("https://api.example.com/calendar", "urn:example:mail"),
                        LOCATION,
                        PURPOSE),
                Arguments.of("scopes needing escapes", ordered("a\"b", "c\\d", "e/f"), LOCATION, PURPOSE),
                Arguments.of("location with a query", ordered("calendar.read"), LOCATION + "?x=1&y=\"2\"", PURPOSE),
                Arguments.of(
                        "purpose with quotes and backslashes",
                        ordered("calendar.read"),
                        LOCATION,
                        "Say \"hi\" to C:\\Dana"),
                Arguments.of(
                        "purpose in other scripts",
                        ordered("calendar.read"),
                        LOCATION,
                        "Перенести встречу — 会議を金曜日に移動 \uD83D\uDCC5"),
                Arguments.of("empty purpose", ordered("calendar.read"), LOCATION, ""),
                Arguments.of("purpose of 300 characters", ordered("calendar.read"), LOCATION, "p".repeat(300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void whatDescribeWritesAgreesWithTheSameRequest(String why, Set<String> scopes, String location, String purpose) {
        String details = new AgentTask("calendar-api", location, scopes, purpose).authorizationDetailsJson();

        assertThatCode(() -> AgentTaskDetails.checkAgreement(details, scopes, location, purpose))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void theScopesMayBeListedInAnyOrder(String why, Set<String> scopes, String location, String purpose) {
        List<String> reversed = new ArrayList<>(scopes);
        Collections.reverse(reversed);
        String details = new AgentTask("calendar-api", location, new LinkedHashSet<>(reversed), purpose)
                .authorizationDetailsJson();

        assertThatCode(() -> AgentTaskDetails.checkAgreement(details, scopes, location, purpose))
                .doesNotThrowAnyException();
    }

    static Stream<Arguments> otherScopes() {
        Set<String> requested = ordered("calendar.write", "calendar.read");
        return Stream.of(
                Arguments.of("one fewer", requested, ordered("calendar.write")),
                Arguments.of("one more", requested, ordered("calendar.write", "calendar.read", "mail.send")),
                Arguments.of("one other", requested, ordered("calendar.write", "mail.send")),
                Arguments.of("disjoint", requested, ordered("mail.send")),
                Arguments.of("none", requested, ordered()),
                Arguments.of("case differs", requested, ordered("calendar.write", "Calendar.read")),
                Arguments.of("trailing blank", requested, ordered("calendar.write", "calendar.read ")),
                Arguments.of("joined", requested, ordered("calendar.write calendar.read")),
                Arguments.of("none described, some requested", ordered(), requested));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherScopes")
    void detailsDescribingOtherScopesAreRefused(String why, Set<String> requested, Set<String> described) {
        String details = new AgentTask("calendar-api", LOCATION, described, PURPOSE).authorizationDetailsJson();

        InvalidRequest refusal = catchThrowableOfType(
                InvalidRequest.class, () -> AgentTaskDetails.checkAgreement(details, requested, LOCATION, PURPOSE));

        assertThat(refusal).isNotNull();
        assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_REQUEST);
        assertThat(refusal.reason()).isEqualTo("authorization_details_mismatch");
        assertThat(refusal.description()).contains("actions");
    }

    static Stream<Arguments> otherLocationsOrPurposes() {
        return Stream.of(
                Arguments.of("another location", LOCATION + "/other", PURPOSE, "locations"),
                Arguments.of("location differs in case", LOCATION.toUpperCase(), PURPOSE, "locations"),
                Arguments.of("location with a trailing slash", LOCATION + "/", PURPOSE, "locations"),
                Arguments.of("another purpose", LOCATION, PURPOSE + ".", "purpose"),
                Arguments.of("empty purpose", LOCATION, "", "purpose"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherLocationsOrPurposes")
    void detailsDescribingAnotherAudienceOrPurposeAreRefused(
            String why, String location, String purpose, String member) {
        Set<String> scopes = ordered("calendar.read");
        String details = new AgentTask("calendar-api", location, scopes, purpose).authorizationDetailsJson();

        InvalidRequest refusal = catchThrowableOfType(
                InvalidRequest.class, () -> AgentTaskDetails.checkAgreement(details, scopes, LOCATION, PURPOSE));

        assertThat(refusal).isNotNull();
        assertThat(refusal.reason()).isEqualTo("authorization_details_mismatch");
        assertThat(refusal.description()).contains(member);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void describeWritesOneAgentTaskWithEveryMember(String why, Set<String> scopes, String location, String purpose)
            throws Exception {
        JsonNode details = new ObjectMapper()
                .readTree(new AgentTask("calendar-api", location, scopes, purpose).authorizationDetailsJson());

        assertThat(details.isArray()).isTrue();
        assertThat(details).hasSize(1);
        JsonNode task = details.get(0);
        assertThat(task.get("type").textValue()).isEqualTo(AgentTask.TYPE);
        List<String> actions = new ArrayList<>();
        task.get("actions").forEach(action -> actions.add(action.textValue()));
        assertThat(actions).containsExactlyElementsOf(scopes);
        assertThat(task.get("locations")).hasSize(1);
        assertThat(task.get("locations").get(0).textValue()).isEqualTo(location);
        assertThat(task.get("purpose").textValue()).isEqualTo(purpose);
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
