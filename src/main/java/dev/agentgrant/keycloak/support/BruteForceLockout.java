package dev.agentgrant.keycloak.support;

import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Whether Keycloak's brute-force detection holds a person locked out right now (temporarily or permanently), asked
 * the way Keycloak's own authenticators ask it. A grant approved before the lock-out must not act for them meanwhile.
 */
public final class BruteForceLockout {

    private BruteForceLockout() {}

    public static boolean lockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        return AuthenticatorUtils.getDisabledByBruteForceEventError(
                        session.getProvider(BruteForceProtector.class), session, realm, user)
                != null;
    }
}
