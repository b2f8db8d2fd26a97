package dev.agentgrant.keycloak.exchange.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChainRulesTest {

    private static final ActorChain ROOT = ActorChain.of(new ActorChain.Actor("agent-sa", "calendar-agent"));
    private static final ActorChain ONE_HOP = ROOT.handedTo(new ActorChain.Actor("helper-sa", "mail-helper"));

    private static void refused(ThrowingCallable call, OAuthError error, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
            assertThat(refusal.error()).isEqualTo(error);
            assertThat(refusal.reason()).isEqualTo(reason);
        });
    }

    @Test
    void theChainMayGrowUpToTheDepthTheGrantsAgentAllowsAndIsRefusedBeyond() {
        assertThatCode(() -> ChainRules.depth(ROOT, 2)).doesNotThrowAnyException();
        assertThatCode(() -> ChainRules.depth(ONE_HOP, 2)).doesNotThrowAnyException();
        refused(() -> ChainRules.depth(ONE_HOP, 1), OAuthError.INVALID_REQUEST, "delegation_depth_exceeded");
        refused(() -> ChainRules.depth(ROOT, 0), OAuthError.INVALID_REQUEST, "delegation_depth_exceeded");
    }

    @Test
    void onlyAListedDelegateThePersonLeftTickedMayTakeOverAndNoAgentTwice() {
        assertThatCode(() -> ChainRules.actor(ROOT, "mail-helper", Set.of("mail-helper"), Set.of("mail-helper")))
                .doesNotThrowAnyException();
        refused(
                () -> ChainRules.actor(ROOT, "mail-helper", Set.of("spell-checker"), Set.of("mail-helper")),
                OAuthError.ACTOR_UNAUTHORIZED,
                "delegate_not_listed");
        refused(
                () -> ChainRules.actor(ROOT, "mail-helper", Set.of("mail-helper"), Set.of()),
                OAuthError.ACTOR_UNAUTHORIZED,
                "delegate_not_approved");
        refused(
                () -> ChainRules.actor(ONE_HOP, "calendar-agent", Set.of("calendar-agent"), Set.of("calendar-agent")),
                OAuthError.ACTOR_UNAUTHORIZED,
                "actor_repeated");
        refused(
                () -> ChainRules.actor(ONE_HOP, "mail-helper", Set.of("mail-helper"), Set.of("mail-helper")),
                OAuthError.ACTOR_UNAUTHORIZED,
                "actor_repeated");
    }

    @Test
    void theParentNamesExactlyOneAudience() throws ExchangeRefusal {
        assertThat(ChainRules.parentAudience(List.of("calendar-api"))).isEqualTo("calendar-api");
        refused(
                () -> ChainRules.parentAudience(List.of("calendar-api", "mail-api")),
                OAuthError.INVALID_GRANT,
                "subject_token_audience");
        refused(() -> ChainRules.parentAudience(List.of()), OAuthError.INVALID_GRANT, "subject_token_audience");
    }

    @Test
    void aHopNeverOutlivesItsParent() {
        Instant grant = Instant.parse("2030-01-01T10:00:00Z");
        Instant parent = Instant.parse("2030-01-01T09:05:00Z");
        assertThat(ChainRules.notAfter(grant, parent)).isEqualTo(parent);
        assertThat(ChainRules.notAfter(parent, grant)).isEqualTo(parent);
    }
}
