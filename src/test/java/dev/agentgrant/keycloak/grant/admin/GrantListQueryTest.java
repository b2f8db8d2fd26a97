package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.grant.GrantIds;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin listing's filters and paging: what is accepted, and that nothing wrong is silently ignored. */
class GrantListQueryTest {

    private static final GrantSearch.Position POSITION =
            new GrantSearch.Position(1_767_225_600_123L, "A".repeat(GrantIds.LENGTH));
    private static final String CURSOR = GrantCursor.encode(POSITION);

    @Test
    void noParametersListTheFirstTwentyOfAllGrants() throws Exception {
        GrantListQuery query = GrantListQuery.parse(Map.of());

        assertThat(query)
                .isEqualTo(new GrantListQuery(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        20));
    }

    @Test
    void everyFilterAndThePageAreRead() throws Exception {
        GrantListQuery query = GrantListQuery.parse(query(
                "user",
                "8f14e45f-ceea-467e-a0f2-cd8a3f3b1f0c",
                "agent",
                "calendar-agent",
                "audience",
                "calendar-api",
                "status",
                "APPROVED",
                "created_after",
                "1767225600",
                "created_before",
                "1767312000",
                "first",
                "40",
                "max",
                "100"));

        assertThat(query)
                .isEqualTo(new GrantListQuery(
                        Optional.of("8f14e45f-ceea-467e-a0f2-cd8a3f3b1f0c"),
                        Optional.of("calendar-agent"),
                        Optional.of("calendar-api"),
                        Optional.of(GrantStatus.APPROVED),
                        Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                        Optional.of(Instant.parse("2026-01-02T00:00:00Z")),
                        Optional.empty(),
                        40,
                        100));
    }

    @ParameterizedTest
    @EnumSource(GrantStatus.class)
    void everyStatusCanBeAskedFor(GrantStatus status) throws Exception {
        assertThat(GrantListQuery.parse(query("status", status.name())).status())
                .contains(status);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(query("status", "approved"), "status must be one of PENDING, APPROVED"),
                Arguments.of(query("status", "ACTIVE"), "status must be one of"),
                Arguments.of(query("status", ""), "status is empty"),
                Arguments.of(query("first", "-1"), "first must be a whole number"),
                Arguments.of(query("first", "ten"), "first must be a whole number"),
                Arguments.of(query("first", "+1"), "first must be a whole number"),
                Arguments.of(query("first", "1e3"), "first must be a whole number"),
                Arguments.of(query("first", "9999999999"), "first must be a whole number"),
                Arguments.of(query("max", "0"), "max must be a whole number from 1 to 100"),
                Arguments.of(query("max", "101"), "max must be a whole number from 1 to 100"),
                Arguments.of(query("max", "1000"), "max must be a whole number from 1 to 100"),
                Arguments.of(query("max", "-5"), "max must be a whole number from 1 to 100"),
                Arguments.of(query("max", "twenty"), "max must be a whole number from 1 to 100"),
                Arguments.of(query("user", ""), "user is empty"),
                Arguments.of(query("user", "u".repeat(256)), "user is longer than 255"),
                Arguments.of(query("agent", "a".repeat(256)), "agent is longer than 255"),
                Arguments.of(query("audience", ""), "audience is empty"),
                Arguments.of(query("audience", "a".repeat(256)), "audience is longer than 255"),
                Arguments.of(query("created_after", "-1"), "created_after must be a time in epoch seconds"),
                Arguments.of(query("created_after", "2026-01-01"), "created_after must be a time in epoch seconds"),
                Arguments.of(query("created_after", "1.5"), "created_after must be a time in epoch seconds"),
                Arguments.of(query("created_after", "+100"), "created_after must be a time in epoch seconds"),
                Arguments.of(query("created_before", "1e9"), "created_before must be a time in epoch seconds"),
                Arguments.of(query("created_before", "9".repeat(13)), "created_before must be a time in epoch seconds"),
                Arguments.of(query("created_before", ""), "created_before is empty"),
                Arguments.of(
                        query("created_after", "1767225600", "created_before", "1767225600"),
                        "created_after must be earlier than created_before"),
                Arguments.of(
                        query("created_after", "1767312000", "created_before", "1767225600"),
                        "created_after must be earlier than created_before"),
                Arguments.of(Map.of("audience", List.of("a", "b")), "audience is repeated"),
                Arguments.of(query("created", "1767225600"), "Unknown parameter 'created'"),
                Arguments.of(query("client", "calendar-agent"), "Unknown parameter 'client'"),
                Arguments.of(query("userId", "x"), "Unknown parameter 'userId'"),
                Arguments.of(Map.of("status", List.of("PENDING", "APPROVED")), "status is repeated"),
                Arguments.of(query("after", "not-a-cursor"), "after is not a cursor this list answered"),
                Arguments.of(query("after", ""), "after is empty"),
                Arguments.of(query("after", CURSOR, "first", "20"), "after and first exclude each other"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void wrongParametersAreRefusedWithTheReason(Map<String, List<String>> parameters, String reason) {
        assertThatThrownBy(() -> GrantListQuery.parse(parameters))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aCursorOfAPreviousPageIsReadWithTheFilters() throws Exception {
        GrantListQuery query = GrantListQuery.parse(query("after", CURSOR, "status", "APPROVED", "max", "50"));

        assertThat(query.after()).contains(POSITION);
        assertThat(query.first()).isZero();
        assertThat(query.max()).isEqualTo(50);
        assertThat(query.status()).contains(GrantStatus.APPROVED);
    }

    @Test
    void theLongestNamesAndTheLastPageSizeAreAccepted() throws Exception {
        GrantListQuery query = GrantListQuery.parse(query("user", "u".repeat(255), "max", "1", "first", "999999999"));

        assertThat(query.user()).contains("u".repeat(255));
        assertThat(query.max()).isEqualTo(1);
        assertThat(query.first()).isEqualTo(999_999_999);
    }

    @Test
    void theTimeWindowMayBeOpenOnEitherSide() throws Exception {
        assertThat(GrantListQuery.parse(query("created_after", "0")).createdAfter())
                .contains(Instant.EPOCH);
        assertThat(GrantListQuery.parse(query("created_before", "999999999999")).createdBefore())
                .contains(Instant.ofEpochSecond(999_999_999_999L));
        assertThat(GrantListQuery.parse(query("created_after", "1767225600")).createdBefore())
                .isEmpty();
    }

    private static Map<String, List<String>> query(String... nameValues) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return parameters;
    }
}
