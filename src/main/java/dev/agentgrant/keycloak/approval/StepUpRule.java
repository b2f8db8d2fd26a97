package dev.agentgrant.keycloak.approval;

import java.util.Collection;
import java.util.Set;

/**
 * When a step-up is already satisfied: every authenticator the step-up would run (an OTP form, a WebAuthn
 * authenticator) already succeeded earlier in the same sign-in. A step-up without authenticators of its own is
 * never satisfied in advance.
 */
final class StepUpRule {

    private StepUpRule() {}

    /**
     * @param stepUpAuthenticators provider ids of the authenticators in the step-up sub-flow (the condition excluded)
     * @param passedEarlier        provider ids of the authenticators that succeeded earlier in this sign-in
     */
    static boolean satisfiedBy(Set<String> stepUpAuthenticators, Collection<String> passedEarlier) {
        return !stepUpAuthenticators.isEmpty() && passedEarlier.containsAll(stepUpAuthenticators);
    }
}
