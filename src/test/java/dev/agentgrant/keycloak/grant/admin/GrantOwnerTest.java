package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which login hints make an undecided request a person's, in the admin's view. */
class GrantOwnerTest {

    @Test
    void usernameAndEmailBothNameThePerson() {
        assertThat(GrantOwner.loginHints("dana", "dana@example.com")).containsExactly("dana", "dana@example.com");
    }

    @Test
    void aPersonWithoutEmailIsNamedByUsernameOnly() {
        assertThat(GrantOwner.loginHints("dana", null)).containsExactly("dana");
        assertThat(GrantOwner.loginHints("dana", "")).containsExactly("dana");
    }

    @Test
    void anEmailUsedAsUsernameCountsOnce() {
        assertThat(GrantOwner.loginHints("dana@example.com", "dana@example.com"))
                .containsExactly("dana@example.com");
    }
}
