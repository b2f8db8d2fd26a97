package dev.agentgrant.keycloak.grant.lifecycle;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Revokes a person's active grants when the person can no longer be taken to stand behind them: their account is
 * disabled, or their credentials are reset, changed or removed — by themselves (user events) or by an admin (admin
 * events). A global listener: it runs in every realm without being added to the realm's event listeners.
 */
final class GrantLifecycleListener implements EventListenerProvider {

    /**
     * Keycloak 26 reports password changes as {@code UPDATE_CREDENTIAL} but still emits the deprecated
     * {@code UPDATE_PASSWORD} alongside it for listeners written before; a change reported either way ends the grants.
     */
    @SuppressWarnings("deprecation")
    private static final Set<EventType> CREDENTIAL_EVENTS = EnumSet.of(
            EventType.UPDATE_PASSWORD,
            EventType.UPDATE_CREDENTIAL,
            EventType.RESET_PASSWORD,
            EventType.REMOVE_CREDENTIAL);
    /** {@code users/{id}}, {@code users/{id}/reset-password}, {@code users/{id}/credentials/{credentialId}}. */
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)(/reset-password|/credentials/[^/]+)?");

    private final KeycloakSession session;

    GrantLifecycleListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getUserId() != null && event.getRealmId() != null && CREDENTIAL_EVENTS.contains(event.getType())) {
            GrantHousekeeping.of(session).revokeForUser(event.getRealmId(), event.getUserId(), "credentials_changed");
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER
                || event.getResourcePath() == null
                || event.getRealmId() == null) {
            return;
        }
        Matcher path = USER_PATH.matcher(event.getResourcePath());
        if (!path.matches()) {
            return;
        }
        String userId = path.group(1);
        String tail = path.group(2);
        Optional<String> reason = reason(event.getOperationType(), tail, () -> disabled(event.getRealmId(), userId));
        reason.ifPresent(r -> GrantHousekeeping.of(session).revokeForUser(event.getRealmId(), userId, r));
    }

    /** Why an admin change to a user ends their grants, if it does. */
    static Optional<String> reason(OperationType operation, String tail, BooleanSupplier userDisabled) {
        if (tail == null) {
            return operation == OperationType.UPDATE && userDisabled.getAsBoolean()
                    ? Optional.of("user_disabled")
                    : Optional.empty();
        }
        if (tail.equals("/reset-password")) {
            return Optional.of("credentials_reset");
        }
        return operation == OperationType.DELETE ? Optional.of("credentials_removed") : Optional.empty();
    }

    private boolean disabled(String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        return user != null && !user.isEnabled();
    }

    @Override
    public void close() {}
}
