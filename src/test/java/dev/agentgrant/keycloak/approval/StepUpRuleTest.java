package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepUpRuleTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Set.of("auth-otp-form"), List.of("auth-username-password-form", "auth-otp-form"), true),
                Arguments.of(Set.of("auth-otp-form"), List.of("auth-cookie"), false),
                Arguments.of(Set.of("auth-otp-form"), List.of(), false),
                Arguments.of(
                        Set.of("webauthn-authenticator"),
                        List.of("auth-username-password-form", "auth-otp-form"),
                        false),
                Arguments.of(Set.of("auth-otp-form", "webauthn-authenticator"), List.of("auth-otp-form"), false),
                Arguments.of(
                        Set.of("auth-otp-form", "webauthn-authenticator"),
                        List.of("webauthn-authenticator", "auth-otp-form"),
                        true),
                Arguments.of(Set.of(), List.of("auth-otp-form"), false));
    }

    @ParameterizedTest(name = "step-up {0} after {1}: satisfied {2}")
    @MethodSource("cases")
    void aStepUpIsSatisfiedOnlyByItsOwnAuthenticatorsInTheSameSignIn(
            Set<String> stepUp, List<String> passed, boolean satisfied) {
        assertThat(StepUpRule.satisfiedBy(stepUp, passed)).isEqualTo(satisfied);
    }
}
