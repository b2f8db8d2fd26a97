package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfferedDelegatesTest {

    private static final Set<String> AGENTS = Set.of("calendar-helper", "mail-helper", "planner");

    @Test
    void everyNamedAgentIsOfferedInTheProfilesOrder() {
        Set<String> named = new LinkedHashSet<>(List.of("mail-helper", "calendar-helper"));

        assertThat(OfferedDelegates.of("planner", named, AGENTS::contains))
                .containsExactly("mail-helper", "calendar-helper");
    }

    @Test
    void aNameThatIsNoAgentNowOrNoClientAtAllIsNotOffered() {
        Set<String> named = new LinkedHashSet<>(List.of("deleted-helper", "calendar-helper", "plain-client"));

        assertThat(OfferedDelegates.of("planner", named, AGENTS::contains)).containsExactly("calendar-helper");
    }

    @Test
    void theAgentItselfIsNeverOffered() {
        Set<String> named = new LinkedHashSet<>(List.of("planner", "mail-helper"));

        assertThat(OfferedDelegates.of("planner", named, AGENTS::contains)).containsExactly("mail-helper");
    }

    @Test
    void noNamesOfferNothing() {
        assertThat(OfferedDelegates.of("planner", Set.of(), AGENTS::contains)).isEmpty();
    }
}
