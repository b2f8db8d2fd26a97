package dev.agentgrant.keycloak.signal;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers the outbox, on one thread of its own per node — never on a request's thread or Keycloak's timer thread — and
 * on one node of a cluster at a time: a run takes Keycloak's cluster-wide task lock ({@link
 * ClusterProvider#executeIfNotExecuted}, as Keycloak's own scheduled clean-ups do) and, for each SET, the database
 * lease of {@link Outbox#claim}, which alone keeps two nodes from sending one SET at once even where the lock's time
 * ran out. A run is started by the poll timer and right after a transaction that queued SETs commits.
 *
 * <p>For each due SET: claim it (a short transaction that also reads the receiver's registration and signs the SET),
 * send it with no transaction open ({@link PushClient}), record the outcome (another short transaction). A receiver
 * that fails gets one attempt per run: its other SETs due in the same run are held back until its next attempt, without
 * an attempt counted.
 */
final class Deliverer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deliverer.class);

    static final String TASK = "agent-grant-signals";
    /** SETs read per query; a run queries again until nothing is due. */
    private static final int PAGE = 50;
    /** Attempts one run makes at most; the next run takes the rest. */
    private static final int MAX_PER_RUN = 500;
    /** How long one run may go on starting new attempts. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(60);
    /** How often the node holding the lock deletes finished SETs past their retention. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** {@code AGENT_GRANT_SIGNAL.LAST_ERROR}. */
    static final int MAX_ERROR = 1000;

    /** The server options in force. */
    record Settings(
            Duration pollInterval,
            RetrySchedule schedule,
            Duration pushTimeout,
            Duration deliveredRetention,
            Duration deadLetterRetention) {

        /** A claimed SET stays with its node this long: two full exchanges and a margin. */
        Duration lease() {
            return pushTimeout.multipliedBy(2).plusSeconds(30);
        }
    }

    /** This node's deliveries since it started, for the server info page. */
    record Counters(long attempts, long delivered, long failed, long deadLettered) {}

    private final KeycloakSessionFactory factory;
    private final Settings settings;
    private final PushClient client;
    private final Clock clock;
    private final ExecutorService worker;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private Instant lastPurge = Instant.EPOCH;

    Deliverer(KeycloakSessionFactory factory, Settings settings, PushClient client, Clock clock) {
        this.factory = factory;
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, TASK);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Lets runs start, once Keycloak has updated the database schema (the outbox table may not exist before); the first
     * run sends what was left pending when the server last stopped.
     */
    void start() {
        started.set(true);
        wake();
    }

    /**
     * Starts a run soon, unless one is already waiting to start; a run in progress is followed by one more, so what a
     * transaction queued while a run was under way is not left to the next poll. Nothing before {@link #start()}.
     */
    void wake() {
        if (!started.get() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.set(false);
                run();
            });
        } catch (RejectedExecutionException stopping) {
            queued.set(false);
        }
    }

    Counters counters() {
        return new Counters(attempts.get(), delivered.get(), failed.get(), deadLettered.get());
    }

    private void run() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                if (cluster == null) {
                    deliverDue();
                    return;
                }
                int lockSeconds = (int) RUN_BUDGET.plus(settings.lease()).toSeconds();
                cluster.executeIfNotExecuted(TASK, lockSeconds, () -> {
                    deliverDue();
                    return null;
                });
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "Agent Grant: a run of the revocation push failed; the next run tries again");
        }
    }

    private void deliverDue() {
        Map<String, Instant> heldBack = new HashMap<>();
        Instant stopStarting = clock.instant().plus(RUN_BUDGET);
        int handled = 0;
        while (handled < MAX_PER_RUN && clock.instant().isBefore(stopStarting)) {
            List<Outbox.Due> due = inTransaction(session -> Outbox.of(session).due(clock.instant(), PAGE));
            if (due.isEmpty()) {
                break;
            }
            boolean progressed = false;
            for (Outbox.Due next : due) {
                Instant until = heldBack.get(next.receiverId());
                if (until != null) {
                    holdBack(next, until);
                    progressed = true;
                    continue;
                }
                Optional<Attempt> attempt = inTransaction(session -> prepare(session, next.id()));
                if (attempt.isEmpty()) {
                    continue;
                }
                progressed = true;
                handled++;
                deliver(attempt.get()).ifPresent(retryAt -> heldBack.put(next.receiverId(), retryAt));
                if (handled >= MAX_PER_RUN || !clock.instant().isBefore(stopStarting)) {
                    break;
                }
            }
            if (!progressed) {
                break;
            }
        }
        purgeWhenDue();
    }

    /**
     * Holds a SET of a receiver that failed in this run back until that receiver's next attempt; a SET whose retry window
     * has passed meanwhile is given up on instead, so the window holds for every SET, not only for the ones tried.
     */
    private void holdBack(Outbox.Due due, Instant until) {
        Instant now = clock.instant();
        boolean windowPassed = !settings.schedule().withinWindow(due.queuedAt(), until);
        if (windowPassed) {
            deadLettered.incrementAndGet();
            LOG.warnf(
                    "Agent Grant: SET %s dead-lettered: its receiver kept failing for %ds",
                    due.id(), settings.schedule().maxAge().toSeconds());
        }
        inTransaction(session -> {
            if (windowPassed) {
                Outbox.of(session)
                        .expire(
                                due.id(),
                                now,
                                "gave up after " + settings.schedule().maxAge().toSeconds()
                                        + "s: its receiver kept failing other SETs meanwhile");
            } else {
                Outbox.of(session).postpone(due.id(), now, until);
            }
            return null;
        });
    }

    /** A claimed SET: ready to send, or with the reason it cannot be sent at all. */
    private sealed interface Attempt {
        OutboxSignal signal();

        String owner();
    }

    private record Ready(OutboxSignal signal, String owner, URI endpoint, Optional<String> authorization, String set)
            implements Attempt {}

    private record Unusable(OutboxSignal signal, String owner, String reason) implements Attempt {}

    /** The receiver client is gone (deleted while, or after, the SET was queued): the SET goes with it. */
    private record Orphaned(OutboxSignal signal, String owner) implements Attempt {}

    /** Claims the SET and makes it ready: the receiver's registration as it is now, the SET signed now. */
    private Optional<Attempt> prepare(KeycloakSession session, String id) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<OutboxSignal> claimed = Outbox.of(session).claim(id, owner, now, now.plus(settings.lease()));
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        OutboxSignal signal = claimed.get();
        RealmModel realm = session.realms().getRealm(signal.realmId());
        if (realm == null) {
            return Optional.of(new Unusable(signal, owner, "its realm no longer exists"));
        }
        session.getContext().setRealm(realm);
        ClientModel receiver = realm.getClientById(signal.receiverId());
        if (receiver == null) {
            return Optional.of(new Orphaned(signal, owner));
        }
        ReceiverRegistration registration = ReceiverRegistration.read(receiver.getAttributes());
        if (registration instanceof ReceiverRegistration.None) {
            return Optional.of(new Unusable(
                    signal,
                    owner,
                    "client " + receiver.getClientId() + " no longer has " + ReceiverRegistration.PUSH_ENDPOINT));
        }
        if (registration instanceof ReceiverRegistration.Invalid invalid) {
            return Optional.of(new Unusable(
                    signal, owner, "the registration of client " + receiver.getClientId() + ": " + invalid.summary()));
        }
        ReceiverRegistration.Valid valid = (ReceiverRegistration.Valid) registration;
        Optional<String> issuer = signal.issuer().or(() -> issuerOutsideRequest(session, realm));
        if (issuer.isEmpty()) {
            return Optional.of(new Unusable(
                    signal,
                    owner,
                    "the change that queued it ran outside a request and Keycloak knows no URL for realm "
                            + realm.getName() + " without one; set the hostname option to a full URL (or the realm's"
                            + " Frontend URL) and retry"));
        }
        try {
            String set = SetSigner.sign(
                    session,
                    realm,
                    SetClaims.of(
                            issuer.get(),
                            signal.id(),
                            signal.createdAt(),
                            receiver.getClientId(),
                            signal.grantId(),
                            signal.userId(),
                            signal.event()));
            return Optional.of(new Ready(signal, owner, valid.endpoint(), valid.authorization(), set));
        } catch (RuntimeException e) {
            return Optional.of(new Unusable(
                    signal,
                    owner,
                    "it cannot be signed with the realm's " + SetSigner.algorithm(realm) + " key: " + e.getMessage()));
        }
    }

    /** Keycloak's idea of the realm's issuer without a request: set when the hostname is a full URL. */
    private static Optional<String> issuerOutsideRequest(KeycloakSession session, RealmModel realm) {
        try {
            return Optional.of(AgentGrantPaths.realmIssuer(session, realm));
        } catch (RuntimeException noRequest) {
            return Optional.empty();
        }
    }

    /** Sends and records; answers when the receiver may be tried again, after a failure that will be retried. */
    private Optional<Instant> deliver(Attempt attempt) {
        if (attempt instanceof Orphaned orphaned) {
            LOG.debugf(
                    "Agent Grant: SET %s dropped: its receiver client %s no longer exists",
                    orphaned.signal().id(), orphaned.signal().audience());
            inTransaction(session -> {
                Outbox.of(session).drop(orphaned.signal().id(), orphaned.owner());
                return null;
            });
            return Optional.empty();
        }
        if (attempt instanceof Unusable unusable) {
            deadLettered.incrementAndGet();
            LOG.warnf(
                    "Agent Grant: SET %s (grant %s) for %s dead-lettered: %s",
                    unusable.signal().id(),
                    unusable.signal().grantId(),
                    unusable.signal().audience(),
                    unusable.reason());
            inTransaction(session -> Outbox.of(session)
                    .deadLetter(
                            unusable.signal().id(),
                            unusable.owner(),
                            clock.instant(),
                            Optional.empty(),
                            fit(unusable.reason()),
                            false));
            return Optional.empty();
        }
        Ready ready = (Ready) attempt;
        attempts.incrementAndGet();
        PushVerdict verdict = client.push(ready.endpoint(), ready.authorization(), ready.set());
        Instant now = clock.instant();
        OutboxSignal signal = ready.signal();
        if (verdict instanceof PushVerdict.Delivered done) {
            delivered.incrementAndGet();
            LOG.debugf("Agent Grant: SET %s delivered to %s (HTTP %d)", signal.id(), signal.audience(), done.status());
            inTransaction(session -> Outbox.of(session).delivered(signal.id(), ready.owner(), now, done.status()));
            return Optional.empty();
        }
        if (verdict instanceof PushVerdict.Refused refused) {
            deadLettered.incrementAndGet();
            LOG.warnf(
                    "Agent Grant: SET %s (grant %s) dead-lettered: %s at %s",
                    signal.id(), signal.grantId(), refused.detail(), ready.endpoint());
            inTransaction(session -> Outbox.of(session)
                    .deadLetter(
                            signal.id(),
                            ready.owner(),
                            now,
                            Optional.of(refused.status()),
                            fit(refused.detail()),
                            true));
            return Optional.empty();
        }
        PushVerdict.Failed failure = (PushVerdict.Failed) verdict;
        failed.incrementAndGet();
        int made = signal.attempts() + 1;
        Optional<Instant> next = settings.schedule().nextAttempt(made, signal.queuedAt(), now);
        if (next.isEmpty()) {
            deadLettered.incrementAndGet();
            String reason = "gave up after " + made + " attempt(s), the last: " + failure.detail();
            LOG.warnf(
                    "Agent Grant: SET %s (grant %s) for %s dead-lettered: %s",
                    signal.id(), signal.grantId(), ready.endpoint(), reason);
            inTransaction(session -> Outbox.of(session)
                    .deadLetter(signal.id(), ready.owner(), now, failure.status(), fit(reason), true));
            return Optional.empty();
        }
        LOG.debugf(
                "Agent Grant: SET %s not delivered to %s (%s); attempt %d, next at %s",
                signal.id(), ready.endpoint(), failure.detail(), made, next.get());
        inTransaction(session -> Outbox.of(session)
                .retryLater(signal.id(), ready.owner(), now, failure.status(), fit(failure.detail()), next.get()));
        return next;
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastPurge.plus(PURGE_INTERVAL))) {
            return;
        }
        lastPurge = now;
        int purged = inTransaction(session -> {
            Outbox outbox = Outbox.of(session);
            return outbox.purge(SignalStatus.DELIVERED, now.minus(settings.deliveredRetention()))
                    + outbox.purge(SignalStatus.DEAD_LETTERED, now.minus(settings.deadLetterRetention()));
        });
        if (purged > 0) {
            LOG.debugf("Agent Grant: %d finished SET(s) past their retention deleted", purged);
        }
    }

    private <T> T inTransaction(java.util.function.Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }

    static String fit(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }

    /** Stops the worker; a SET being sent stays claimed until its lease ends, and is then sent again by any node. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
