package dev.agentgrant.keycloak.approval;

import java.util.Map;
import java.util.Set;

/**
 * The authentication context class ({@code acr}) an approval reached, by Keycloak's own rules for the {@code acr} of
 * an ID token (OpenID Connect Core 1.0 §2; Keycloak's "Authentication flows – Creating a browser login flow with
 * step-up mechanism"): the level of authentication the flow's Level-of-Authentication conditions reached when it has
 * any; otherwise 1 for an authentication that happened now and 0 for one that only reused the SSO session. A level
 * is written as the acr name the client's (or else the realm's) "ACR to LoA mapping" gives it, or as the number.
 *
 * <p>Keycloak's own tokens tell "reused the SSO session" by the cookie step having ended the sign-in. An approval
 * inside an SSO session may still run a second factor afterwards (the step-up for sensitive tasks): a credential
 * checked now makes it an authentication of now, level 1 at least.
 */
final class ApprovalAcr {

    /** Keycloak's reference categories of steps that check no credential now: the SSO cookie, and our "sso" mark. */
    private static final Set<String> NOT_A_CREDENTIAL = Set.of("cookie", "sso");

    private ApprovalAcr() {}

    /**
     * @param levelOfAuthentication the level Keycloak's Level-of-Authentication conditions recorded for this
     *     authentication ({@code AcrStore}), negative when the flow has none
     * @param ssoReused whether the sign-in step ended on the SSO cookie ({@code SSO_AUTH})
     * @param methodsPassed reference categories of the authenticators that succeeded in this authentication
     * @param acrToLevel the client's, or else the realm's, ACR to LoA mapping; may be empty
     */
    static String reached(
            int levelOfAuthentication, boolean ssoReused, Set<String> methodsPassed, Map<String, Integer> acrToLevel) {
        int level = Math.max(levelOfAuthentication, freshlyAuthenticated(ssoReused, methodsPassed) ? 1 : 0);
        return acrToLevel.entrySet().stream()
                .filter(entry -> entry.getValue() == level)
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse(Integer.toString(level));
    }

    /** Whether the person authenticated now: not by the SSO session alone, or with a credential checked now. */
    static boolean freshlyAuthenticated(boolean ssoReused, Set<String> methodsPassed) {
        return !ssoReused || methodsPassed.stream().anyMatch(method -> !NOT_A_CREDENTIAL.contains(method));
    }
}
