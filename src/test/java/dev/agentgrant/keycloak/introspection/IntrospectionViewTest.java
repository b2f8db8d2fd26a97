package dev.agentgrant.keycloak.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntrospectionViewTest {

    private static final List<String> AUDIENCE = List.of("calendar-api");

    @Test
    void theAudienceAndTheAgentSeeEverything() {
        assertThat(IntrospectionView.of("calendar-api", AUDIENCE, "calendar-agent", false))
                .isEqualTo(IntrospectionView.FULL);
        assertThat(IntrospectionView.of("calendar-agent", AUDIENCE, "calendar-agent", false))
                .isEqualTo(IntrospectionView.FULL);
    }

    @Test
    void anyoneElseSeesTheStandardClaimsOnlyIfAnAdminAllowedIt() {
        assertThat(IntrospectionView.of("reporting", AUDIENCE, "calendar-agent", true))
                .isEqualTo(IntrospectionView.LIMITED);
        assertThat(IntrospectionView.of("reporting", AUDIENCE, "calendar-agent", false))
                .isEqualTo(IntrospectionView.NONE);
        assertThat(IntrospectionView.of(null, AUDIENCE, "calendar-agent", false))
                .isEqualTo(IntrospectionView.NONE);
    }

    private static final Map<String, Object> CLAIMS = Map.of(
            "sub",
            "user-1",
            "azp",
            "calendar-agent",
            "typ",
            "DPoP",
            "aud",
            "calendar-api",
            "cnf",
            Map.of("jkt", "abc"),
            "act",
            Map.of("client_id", "calendar-agent"),
            "grant_id",
            "g-1",
            "attestation",
            Map.of("sources", List.of("spire")),
            "authorization_details",
            List.of());

    @Test
    void theFullAnswerIsTheTokensClaimsWithTheStandardMembers() {
        Map<String, Object> answer = TaskTokenIntrospection.active(CLAIMS, IntrospectionView.FULL, Optional.of("dana"));
        assertThat(answer)
                .containsAllEntriesOf(CLAIMS)
                .containsEntry("active", true)
                .containsEntry("client_id", "calendar-agent")
                .containsEntry("username", "dana")
                .containsEntry("token_type", "DPoP");
    }

    @Test
    void theLimitedAnswerLeavesOutWhoActsAndWhy() {
        Map<String, Object> answer =
                TaskTokenIntrospection.active(CLAIMS, IntrospectionView.LIMITED, Optional.of("dana"));
        assertThat(answer)
                .doesNotContainKeys("act", "grant_id", "attestation")
                .containsEntry("cnf", Map.of("jkt", "abc"))
                .containsEntry("active", true);
    }

    @Test
    void theInactiveAnswerSaysNothingElse() {
        assertThat(TaskTokenIntrospection.inactive()).isEqualTo(Map.of("active", false));
        assertThatThrownBy(() -> TaskTokenIntrospection.active(CLAIMS, IntrospectionView.NONE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
