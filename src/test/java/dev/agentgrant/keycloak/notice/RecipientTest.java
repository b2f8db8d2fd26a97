package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipientTest {

    private static final Recipient ALICE = new Recipient("a1", true, "alice@example.org", true);
    private static final Recipient BOB_UNVERIFIED = new Recipient("b1", true, "bob@example.org", false);
    private static final List<Recipient> PEOPLE = List.of(ALICE, BOB_UNVERIFIED);

    private static Optional<Recipient> byUsername(String username) {
        return switch (username) {
            case "alice" -> Optional.of(ALICE);
            case "bob" -> Optional.of(BOB_UNVERIFIED);
            default -> Optional.empty();
        };
    }

    private static Optional<Recipient> byEmail(String email) {
        return PEOPLE.stream().filter(p -> p.email().equals(email)).findFirst();
    }

    private static Optional<Recipient> named(String hint) {
        return Recipient.named(hint, RecipientTest::byUsername, RecipientTest::byEmail, p -> p);
    }

    @Test
    void onlyAnEnabledAccountWithAVerifiedAddressIsReachable() {
        assertThat(ALICE.reachable()).isTrue();
        assertThat(BOB_UNVERIFIED.reachable()).isFalse();
        assertThat(new Recipient("c", false, "c@example.org", true).reachable()).isFalse();
        assertThat(new Recipient("d", true, null, true).reachable()).isFalse();
        assertThat(new Recipient("e", true, " ", true).reachable()).isFalse();
    }

    @Test
    void aHintNamesAPersonByUsernameInAnyCase() {
        assertThat(named("alice")).contains(ALICE);
        assertThat(named("ALICE")).contains(ALICE);
    }

    @Test
    void aHintNamesAPersonByEmailOnlyWhenTheAddressIsVerified() {
        assertThat(named("Alice@Example.org")).contains(ALICE);
        assertThat(named("bob@example.org")).isEmpty();
    }

    @Test
    void aHintNamingNobodyOrNothingFindsNobody() {
        assertThat(named("mallory")).isEmpty();
        assertThat(named("")).isEmpty();
        assertThat(named(null)).isEmpty();
    }
}
