package dev.agentgrant.keycloak.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The notices of one request (README.md, "Email notices"), held until its transaction ends: after a commit they are
 * handed to a Keycloak executor and sent in a session of their own ({@link NoticeDelivery}); after a rollback they are
 * dropped, so nobody hears of a change that did not happen. The request never waits for mail and never fails because
 * of it: whether the realm sends notices is two reads of the realm's settings, and everything after the commit logs
 * its failures instead of throwing them.
 */
public final class Notices implements Provider {

    private static final Logger LOG = Logger.getLogger(Notices.class);
    /** The pool of Keycloak's executors provider the notices are sent on (its own threads, named after it). */
    static final String EXECUTOR = "agent-grant-notices";

    private final KeycloakSession session;
    private final QuietLog quietLog;
    private final List<Notice> held = new ArrayList<>();
    private boolean enlisted;

    Notices(KeycloakSession session, QuietLog quietLog) {
        this.session = session;
        this.quietLog = quietLog;
    }

    /** The notices of the session's transaction: Keycloak keeps one provider instance per session. */
    public static Notices of(KeycloakSession session) {
        return session.getProvider(Notices.class);
    }

    /** Sends the notice after the commit, if its realm sends notices ({@link NoticeSetting}); never throws. */
    public void add(Notice notice) {
        try {
            RealmModel realm = session.realms().getRealm(notice.realmId());
            if (realm == null) {
                return;
            }
            NoticeSetting.Verdict verdict =
                    NoticeSetting.decide(realm.getAttribute(NoticeSetting.ATTRIBUTE), realm.getSmtpConfig());
            if (quietLog.isNews(realm.getId(), verdict)) {
                logWhyNot(realm, verdict);
            }
            if (verdict != NoticeSetting.Verdict.SEND) {
                return;
            }
            if (!enlisted) {
                session.getTransactionManager()
                        .enlistAfterCompletion(new AfterCommit(session.getKeycloakSessionFactory()));
                enlisted = true;
            }
            held.add(notice);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Agent Grant: could not prepare an email notice in realm %s", notice.realmId());
        }
    }

    @Override
    public void close() {}

    private static void logWhyNot(RealmModel realm, NoticeSetting.Verdict verdict) {
        switch (verdict) {
            case NO_SMTP ->
                LOG.infof(
                        "Agent Grant: realm %s has no SMTP server (host and sender) configured, so it sends no email"
                                + " notices; said once until that changes",
                        realm.getName());
            case SWITCHED_OFF ->
                LOG.infof(
                        "Agent Grant: realm %s sends no email notices (%s is false)",
                        realm.getName(), NoticeSetting.ATTRIBUTE);
            case UNREADABLE ->
                LOG.warnf(
                        "Agent Grant: realm %s sends no email notices: its attribute %s is '%s', neither true nor false",
                        realm.getName(), NoticeSetting.ATTRIBUTE, realm.getAttribute(NoticeSetting.ATTRIBUTE));
            case SEND -> {}
        }
    }

    /** Hands the held notices on once the changes they tell of are committed. */
    private final class AfterCommit extends AbstractKeycloakTransaction {

        private final KeycloakSessionFactory factory;

        AfterCommit(KeycloakSessionFactory factory) {
            this.factory = factory;
        }

        @Override
        protected void commitImpl() {
            if (held.isEmpty()) {
                return;
            }
            List<Notice> notices = List.copyOf(held);
            held.clear();
            try {
                session.getProvider(ExecutorsProvider.class)
                        .getExecutor(EXECUTOR)
                        .execute(() -> NoticeDelivery.deliver(factory, notices));
            } catch (RejectedExecutionException | IllegalStateException e) {
                LOG.warnf("Agent Grant: %d email notice(s) not sent, the executor refused them: %s", notices.size(), e);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Agent Grant: %d email notice(s) not sent", notices.size());
            }
        }

        @Override
        protected void rollbackImpl() {
            LOG.debugf("Agent Grant: %d email notice(s) dropped, their transaction rolled back", held.size());
            held.clear();
        }
    }
}
