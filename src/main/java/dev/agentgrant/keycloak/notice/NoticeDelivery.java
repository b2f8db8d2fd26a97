package dev.agentgrant.keycloak.notice;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends a committed transaction's notices, off the request's thread, in a Keycloak session of its own: each message
 * through Keycloak's {@link EmailTemplateProvider} (the realm's email theme, with the extension's templates and
 * messages, in the person's language) and so its mail sender and the realm's SMTP settings. A person who cannot be
 * found or reached ({@link Recipient#reachable()}) gets nothing; a message that fails is logged and the next one is
 * still sent.
 */
final class NoticeDelivery {

    private static final Logger LOG = Logger.getLogger(NoticeDelivery.class);

    private NoticeDelivery() {}

    static void deliver(KeycloakSessionFactory factory, List<Notice> notices) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> send(session, notices));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Agent Grant: email notices not sent");
        }
    }

    private static void send(KeycloakSession session, List<Notice> notices) {
        Map<NoticeMail.To, Optional<UserModel>> people = new HashMap<>();
        List<NoticeMail.Message> messages = NoticeMail.compose(
                notices, (realmId, agent) -> agentName(session, realmId, agent), to -> locale(session, to, people));
        for (NoticeMail.Message message : messages) {
            RealmModel realm = session.realms().getRealm(message.to().realmId());
            Optional<UserModel> user = people.computeIfAbsent(message.to(), to -> person(session, to));
            if (realm == null || user.isEmpty() || !recipient(user.get()).reachable()) {
                LOG.debugf(
                        "Agent Grant: email notice %s not sent: nobody with a verified address to send it to",
                        message.template());
                continue;
            }
            try {
                session.getContext().setRealm(realm);
                Map<String, Object> attributes = new HashMap<>();
                attributes.put(NoticeMail.ATTRIBUTE, message.attribute());
                session.getProvider(EmailTemplateProvider.class)
                        .setRealm(realm)
                        .setUser(user.get())
                        .send(message.subjectKey(), message.subjectArguments(), message.template(), attributes);
                LOG.debugf(
                        "Agent Grant: email notice %s sent to user %s in realm %s",
                        message.template(), user.get().getId(), realm.getName());
            } catch (EmailException | RuntimeException e) {
                LOG.warnf(
                        "Agent Grant: email notice %s to user %s in realm %s not sent: %s",
                        message.template(), user.get().getId(), realm.getName(), causes(e));
            }
        }
    }

    private static Optional<UserModel> person(KeycloakSession session, NoticeMail.To to) {
        RealmModel realm = session.realms().getRealm(to.realmId());
        if (realm == null) {
            return Optional.empty();
        }
        if (to.userId() != null) {
            return Optional.ofNullable(session.users().getUserById(realm, to.userId()));
        }
        return Recipient.named(
                to.loginHint(),
                username -> Optional.ofNullable(session.users().getUserByUsername(realm, username)),
                email -> Optional.ofNullable(session.users().getUserByEmail(realm, email)),
                NoticeDelivery::recipient);
    }

    private static Locale locale(
            KeycloakSession session, NoticeMail.To to, Map<NoticeMail.To, Optional<UserModel>> people) {
        RealmModel realm = session.realms().getRealm(to.realmId());
        Optional<UserModel> user = people.computeIfAbsent(to, key -> person(session, key));
        if (realm == null || user.isEmpty()) {
            return Locale.ENGLISH;
        }
        session.getContext().setRealm(realm);
        return session.getContext().resolveLocale(user.get());
    }

    private static String agentName(KeycloakSession session, String realmId, Notice.Agent agent) {
        RealmModel realm = session.realms().getRealm(realmId);
        ClientModel client = realm == null ? null : realm.getClientById(agent.id());
        return client == null ? agent.clientId() : NoticeMail.agentName(client.getName(), client.getClientId());
    }

    static Recipient recipient(UserModel user) {
        return new Recipient(user.getId(), user.isEnabled(), user.getEmail(), user.isEmailVerified());
    }

    /** The exception and its causes' messages: a mail server's refusal is usually in a cause. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }
}
