package dev.agentgrant.keycloak.grant;

import dev.agentgrant.keycloak.notice.Notice;
import dev.agentgrant.keycloak.notice.Notices;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The email notices a grant's person gets when the grant ends without them (README.md, "Email notices"): an admin
 * revoked it, or its last use was taken. Sent after the transaction commits, if the realm sends notices.
 */
public final class GrantNotices {

    private GrantNotices() {}

    public static void ended(KeycloakSession session, TaskGrant grant, Notice.How how) {
        grant.userId()
                .ifPresent(userId -> Notices.of(session)
                        .add(new Notice.GrantEnded(
                                grant.realmId(),
                                userId,
                                how,
                                grant.id(),
                                new Notice.Agent(
                                        grant.agent().id(), grant.agent().clientId()),
                                grant.task().purpose(),
                                myGrantsUrl(session, grant.realmId()))));
    }

    /** The person's "my grants" page under the realm's front-end URL, as the request that made the change sees it. */
    private static String myGrantsUrl(KeycloakSession session, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        try {
            return realm == null ? null : AgentGrantPaths.realmEndpoint(session, realm, AgentGrantPaths.MY_GRANTS);
        } catch (RuntimeException noRequest) {
            return null;
        }
    }
}
