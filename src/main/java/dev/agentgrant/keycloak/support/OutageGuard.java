package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;

/**
 * Runs a request's work and answers "later" when it fails because the database cannot be reached ({@link
 * StorageOutage}): the transaction is marked rollback-only, one line is logged without a stack trace (during an
 * outage every request fails the same way), and the caller's own answer goes out — 503 (RFC 9110 §15.6.4) with
 * {@code Retry-After} (§10.2.3) — instead of Keycloak's catch-all 500 with a stack trace per request. Any other failure
 * goes on to Keycloak's error handling unchanged.
 *
 * <p>The work's writes are flushed to the database before the answer leaves the guard, not at Keycloak's commit after
 * it: a database lost in between then fails here and is answered 503, where the commit would have answered 500. Only
 * the {@code COMMIT} statement itself is left outside.
 */
public final class OutageGuard {

    /** What a client is told to wait before repeating a request the database could not serve. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger LOG = Logger.getLogger(OutageGuard.class);

    private OutageGuard() {}

    /**
     * {@code work}, or {@code unavailable}'s answer when it failed for want of the database.
     *
     * @param what the request, for the log line ("token exchange", "grant request")
     */
    public static Response run(
            KeycloakSession session, String what, Supplier<Response> work, Supplier<Response> unavailable) {
        return run(
                work,
                () -> writeNow(session),
                outage -> {
                    session.getTransactionManager().setRollbackOnly();
                    RealmModel realm = session.getContext().getRealm();
                    LOG.warnf(
                            "Agent Grant: %s in realm %s answered 503, the database is unreachable: %s",
                            what, realm == null ? "-" : realm.getName(), outage);
                },
                unavailable);
    }

    /** {@link #run} for an agent's request: the outage is answered with {@link #agentAnswer()}. */
    public static Response forAgent(KeycloakSession session, String what, Supplier<Response> work) {
        return run(session, what, work, () -> agentAnswer().build());
    }

    /**
     * The decision alone: {@code writeNow} runs after the work, inside the guard; {@code onOutage} hears the failure
     * that shows the outage before the answer is built.
     */
    static Response run(
            Supplier<Response> work, Runnable writeNow, Consumer<Throwable> onOutage, Supplier<Response> unavailable) {
        try {
            Response answer = work.get();
            writeNow.run();
            return answer;
        } catch (RuntimeException failure) {
            Optional<Throwable> outage = StorageOutage.of(failure);
            if (outage.isEmpty()) {
                throw failure;
            }
            onOutage.accept(outage.get());
            return unavailable.get();
        }
    }

    /** Flushes the request's pending writes, unless the transaction is over or already bound to roll back. */
    private static void writeNow(KeycloakSession session) {
        KeycloakTransactionManager transaction = session.getTransactionManager();
        if (transaction.isActive() && !transaction.getRollbackOnly()) {
            session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
        }
    }

    /**
     * The answer for an agent: RFC 6749 §4.1.2.1's {@code temporarily_unavailable} in the §5.2 shape, never cached,
     * with {@code Retry-After}. A builder, so the token endpoint can add its CORS headers.
     */
    public static Response.ResponseBuilder agentAnswer() {
        return NoStoreJson.error(
                        OAuthError.TEMPORARILY_UNAVAILABLE,
                        "The server cannot reach its database right now; repeat the request later")
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
}
