package dev.agentgrant.keycloak.notice;

import dev.agentgrant.keycloak.support.HumanText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.keycloak.models.ModelDuplicateException;
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

    /** Each realm's notices with that realm as the session's realm, as Keycloak's user and theme lookups need. */
    private static void send(KeycloakSession session, List<Notice> notices) {
        Map<String, List<Notice>> byRealm = new LinkedHashMap<>();
        notices.forEach(notice -> byRealm.computeIfAbsent(notice.realmId(), id -> new ArrayList<>())
                .add(notice));
        byRealm.forEach((realmId, ofRealm) -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                LOG.debugf("Agent Grant: %d email notice(s) not sent: their realm is gone", ofRealm.size());
                return;
            }
            session.getContext().setRealm(realm);
            send(session, realm, ofRealm);
        });
    }

    private static void send(KeycloakSession session, RealmModel realm, List<Notice> notices) {
        Map<NoticeMail.To, Optional<UserModel>> people = new HashMap<>();
        List<NoticeMail.Message> messages = NoticeMail.compose(
                notices,
                (realmId, agent) -> agentName(realm, agent),
                to -> people.computeIfAbsent(to, key -> person(session, realm, key))
                        .map(user -> session.getContext().resolveLocale(user))
                        .orElse(Locale.ENGLISH));
        for (NoticeMail.Message message : messages) {
            Optional<UserModel> user = people.computeIfAbsent(message.to(), to -> person(session, realm, to));
            if (user.isEmpty() || !recipient(user.get()).reachable()) {
                LOG.debugf(
                        "Agent Grant: email notice %s not sent: nobody with a verified address to send it to",
                        message.template());
                continue;
            }
            try {
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

    private static Optional<UserModel> person(KeycloakSession session, RealmModel realm, NoticeMail.To to) {
        if (to.userId() != null) {
            return Optional.ofNullable(session.users().getUserById(realm, to.userId()));
        }
        return Recipient.named(
                to.loginHint(),
                username -> Optional.ofNullable(session.users().getUserByUsername(realm, username)),
                email -> byEmail(session, realm, email),
                NoticeDelivery::recipient);
    }

    /** Nobody when the address is not one person's (a realm that allows duplicate emails has no single owner). */
    private static Optional<UserModel> byEmail(KeycloakSession session, RealmModel realm, String email) {
        try {
            return Optional.ofNullable(session.users().getUserByEmail(realm, email));
        } catch (ModelDuplicateException shared) {
            return Optional.empty();
        }
    }

    private static String agentName(RealmModel realm, Notice.Agent agent) {
        ClientModel client = realm.getClientById(agent.id());
        return client == null ? agent.clientId() : HumanText.clientName(client.getName(), client.getClientId());
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
