package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalAcrTest {

    private static final int NO_LOA = -1;

    @Test
    void aSignInNowIsLevelOne() {
        assertThat(ApprovalAcr.reached(NO_LOA, false, Set.of("password"), Map.of()))
                .isEqualTo("1");
        assertThat(ApprovalAcr.reached(NO_LOA, false, Set.of("password", "otp"), Map.of()))
                .isEqualTo("1");
    }

    @Test
    void reusingTheSsoSessionAloneIsLevelZero() {
        assertThat(ApprovalAcr.reached(NO_LOA, true, Set.of("cookie", "sso"), Map.of()))
                .isEqualTo("0");
        assertThat(ApprovalAcr.freshlyAuthenticated(true, Set.of("cookie", "sso")))
                .isFalse();
    }

    @Test
    void aStepUpPassedInsideAnSsoSessionIsAnAuthenticationOfNow() {
        assertThat(ApprovalAcr.reached(NO_LOA, true, Set.of("cookie", "otp", "sso"), Map.of()))
                .isEqualTo("1");
        assertThat(ApprovalAcr.reached(0, true, Set.of("cookie", "webauthn", "sso"), Map.of()))
                .isEqualTo("1");
        assertThat(ApprovalAcr.freshlyAuthenticated(true, Set.of("cookie", "otp", "sso")))
                .isTrue();
    }

    @Test
    void aLevelTheFlowsLoaConditionsReachedCountsAndIsNamedByTheAcrMapping() {
        assertThat(ApprovalAcr.reached(2, true, Set.of("cookie", "otp", "sso"), Map.of()))
                .isEqualTo("2");
        assertThat(ApprovalAcr.reached(2, false, Set.of("password", "otp"), Map.of("silver", 1, "gold", 2)))
                .isEqualTo("gold");
        assertThat(ApprovalAcr.reached(NO_LOA, true, Set.of("cookie", "sso"), Map.of("copper", 0, "silver", 1)))
                .isEqualTo("copper");
    }
}
