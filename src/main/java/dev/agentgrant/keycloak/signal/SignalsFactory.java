package dev.agentgrant.keycloak.signal;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import dev.agentgrant.keycloak.support.ServerOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.timer.TimerProvider;

/**
 * The revocation push of one node (README.md, "Revocation push"): reads the server options, owns the node's {@link
 * Deliverer} (its thread and HTTP client) for the server's lifetime, polls the outbox on Keycloak's timer, and shows the
 * outbox's state on the server info page. Options: {@code --spi-agent-grant-signals--default--<option>}.
 */
public final class SignalsFactory implements ExtensionProviderFactory<Signals> {

    public static final String ID = "default";

    public static final ServerOption<Long> POLL_INTERVAL = ServerOption.seconds(
            "poll-interval",
            10,
            "Seconds between two looks at the outbox for SETs that are due (a retry, or one queued on another node); a"
                    + " SET queued on this node is sent at once. At least 1.");
    public static final ServerOption<Long> RETRY_INITIAL_DELAY = ServerOption.seconds(
            "retry-initial-delay", 5, "Seconds before a SET that could not be delivered is tried again. At least 1.");
    public static final ServerOption<Long> RETRY_MAX_DELAY = ServerOption.seconds(
            "retry-max-delay",
            300,
            "Longest wait between two attempts; the wait doubles after each failure up to this. At least"
                    + " retry-initial-delay.");
    public static final ServerOption<Integer> RETRY_MAX_ATTEMPTS =
            ServerOption.integer("retry-max-attempts", 300, "Attempts after which a SET is dead-lettered. At least 1.");
    public static final ServerOption<Long> RETRY_MAX_AGE = ServerOption.seconds(
            "retry-max-age",
            86_400,
            "Seconds after which a SET still not delivered is dead-lettered. At least retry-initial-delay.");
    public static final ServerOption<Long> PUSH_TIMEOUT = ServerOption.seconds(
            "push-timeout",
            10,
            "Seconds one delivery may take, connect to the receiver's last byte; longer counts as a failure. 1–60.");
    public static final ServerOption<Long> DELIVERED_RETENTION = ServerOption.seconds(
            "delivered-retention", 604_800, "Seconds a delivered SET stays listed before it is deleted. At least 0.");
    public static final ServerOption<Long> DEAD_LETTER_RETENTION = ServerOption.seconds(
            "dead-letter-retention",
            2_592_000,
            "Seconds a dead-lettered SET stays listed (and can be retried) before it is deleted. At least 3600.");

    static final List<ServerOption<?>> OPTIONS = List.of(
            POLL_INTERVAL,
            RETRY_INITIAL_DELAY,
            RETRY_MAX_DELAY,
            RETRY_MAX_ATTEMPTS,
            RETRY_MAX_AGE,
            PUSH_TIMEOUT,
            DELIVERED_RETENTION,
            DEAD_LETTER_RETENTION);

    private static final Logger LOG = Logger.getLogger(SignalsFactory.class);

    private Deliverer.Settings settings = settings(null);
    private volatile KeycloakSessionFactory sessionFactory;
    private volatile Deliverer deliverer;

    @Override
    public Signals create(KeycloakSession session) {
        Deliverer running = deliverer;
        return new Signals(session, running == null ? () -> {} : running::wake, Clock.systemUTC());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        settings = settings(config);
    }

    /** The options in force, checked: a value out of range stops Keycloak at start-up with the option's name. */
    static Deliverer.Settings settings(Config.Scope config) {
        long poll = read(POLL_INTERVAL, config);
        long initial = read(RETRY_INITIAL_DELAY, config);
        long maxDelay = read(RETRY_MAX_DELAY, config);
        int attempts = config == null ? RETRY_MAX_ATTEMPTS.defaultValue() : RETRY_MAX_ATTEMPTS.read(config);
        long maxAge = read(RETRY_MAX_AGE, config);
        long timeout = read(PUSH_TIMEOUT, config);
        long delivered = read(DELIVERED_RETENTION, config);
        long dead = read(DEAD_LETTER_RETENTION, config);
        atLeast(POLL_INTERVAL, poll, 1);
        atLeast(RETRY_INITIAL_DELAY, initial, 1);
        atLeast(RETRY_MAX_DELAY, maxDelay, initial);
        atLeast(RETRY_MAX_ATTEMPTS, attempts, 1);
        atLeast(RETRY_MAX_AGE, maxAge, initial);
        atLeast(PUSH_TIMEOUT, timeout, 1);
        if (timeout > 60) {
            throw new IllegalArgumentException(PUSH_TIMEOUT.name() + " must be at most 60 seconds, is " + timeout);
        }
        atLeast(DELIVERED_RETENTION, delivered, 0);
        atLeast(DEAD_LETTER_RETENTION, dead, 3600);
        return new Deliverer.Settings(
                Duration.ofSeconds(poll),
                new RetrySchedule(
                        Duration.ofSeconds(initial),
                        Duration.ofSeconds(maxDelay),
                        attempts,
                        Duration.ofSeconds(maxAge)),
                Duration.ofSeconds(timeout),
                Duration.ofSeconds(delivered),
                Duration.ofSeconds(dead));
    }

    private static long read(ServerOption<Long> option, Config.Scope config) {
        return config == null ? option.defaultValue() : option.read(config);
    }

    private static void atLeast(ServerOption<?> option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option.name() + " must be at least " + min + ", is " + value);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(OPTIONS);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        deliverer = new Deliverer(
                factory,
                settings,
                new PushClient(PushClient.newHttpClient(settings.pushTimeout()), settings.pushTimeout()),
                Clock.systemUTC());
        Deliverer running = deliverer;
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                Outbox.of(removed.getKeycloakSession())
                        .deleteByRealm(removed.getRealm().getId());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                Outbox outbox = Outbox.of(removed.getKeycloakSession());
                outbox.deleteStanding(removed.getClient().getId());
                outbox.deleteForReceiver(removed.getClient().getId());
            } else if (event instanceof PostMigrationEvent) {
                // The schema is up to date now. What was left pending when the server last stopped goes out now.
                running.start();
            }
        });
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.schedule(running::wake, settings.pollInterval().toMillis(), Deliverer.TASK);
            } else {
                LOG.warn("Agent Grant: no timer provider; SETs are sent only right after the change that queued them");
            }
        }
    }

    @Override
    public void close() {
        if (deliverer != null) {
            deliverer.close();
        }
    }

    /**
     * The options in force, the outbox of every realm (pending, delivered, dead-lettered, attempts) and this node's
     * deliveries since it started.
     */
    @Override
    public Map<String, String> getOperationalInfo() {
        OperationalInfo info = OperationalInfo.of(ExtensionVersion.current())
                .with(POLL_INTERVAL.name(), settings.pollInterval().toSeconds() + "s")
                .with("retry", settings.schedule().describe())
                .with(PUSH_TIMEOUT.name(), settings.pushTimeout().toSeconds() + "s");
        if (sessionFactory != null) {
            try {
                Outbox.Totals totals = KeycloakModelUtils.runJobInTransactionWithResult(
                        sessionFactory, session -> Outbox.of(session).totals());
                totals.counts()
                        .forEach((status, count) -> info.with(
                                "outbox-"
                                        + status.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                                Long.toString(count)));
                info.with("outbox-attempts", Long.toString(totals.attempts()));
            } catch (RuntimeException e) {
                info.with("outbox", "unavailable: " + e.getMessage());
            }
        }
        if (deliverer != null) {
            Deliverer.Counters counters = deliverer.counters();
            info.with("node-attempts", Long.toString(counters.attempts()))
                    .with("node-delivered", Long.toString(counters.delivered()))
                    .with("node-failed", Long.toString(counters.failed()))
                    .with("node-dead-lettered", Long.toString(counters.deadLettered()));
        }
        return info.toMap();
    }
}
