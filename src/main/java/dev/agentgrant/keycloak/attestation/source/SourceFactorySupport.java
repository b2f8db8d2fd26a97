package dev.agentgrant.keycloak.attestation.source;

import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.AttestationSourceFactory;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every built-in source factory shares: validation that reports every problem, parsed configuration cached
 * per component and configuration version (so a changed component is re-parsed on every node, because Keycloak
 * invalidates the realm cache cluster-wide and the version changes with it), and the server info entry.
 *
 * @param <S> the verifier's validated settings
 */
public abstract class SourceFactorySupport<S> implements AttestationSourceFactory {

    /** Settings that hold trust material fetched by URL, which the factory refreshes in the background. */
    public interface WithTrustAnchors {
        TrustAnchors trust();
    }

    private static final long REFRESH_CHECK_SECONDS = 30;

    private final ExtensionVersion version = ExtensionVersion.current();
    private final Map<String, Parsed<S>> parsed = new ConcurrentHashMap<>();
    private TrustFetching trustFetching;
    private ScheduledExecutorService refresher;

    private record Parsed<S>(String configVersion, S settings) {}

    /** Reads and validates the type-specific configuration; adds every problem to {@code config.problems()}. */
    protected abstract S parse(SourceConfig config);

    /** Creates the per-session source from validated settings. */
    protected abstract AttestationSource create(
            String alias, String configVersion, S settings, KeycloakSession session);

    /** Type-specific options, listed after the common ones. */
    protected abstract List<ProviderConfigProperty> typeOptions();

    @Override
    public final AttestationSource create(KeycloakSession session, ComponentModel model) {
        String configVersion = SourceConfig.version(model.getName(), model.getProviderId(), model.getConfig());
        Parsed<S> entry = parsed.get(model.getId());
        if (entry == null || !entry.configVersion().equals(configVersion)) {
            ConfigProblems problems = new ConfigProblems();
            SourceConfig config = new SourceConfig(model.getConfig(), problems);
            config.alias(model.getName());
            S settings = parse(config);
            if (!problems.isEmpty()) {
                // Stored before validation existed, or edited in the database: unusable, and refused loudly.
                throw new IllegalStateException("Attestation source " + model.getName() + " is misconfigured: "
                        + String.join("; ", problems.all()));
            }
            entry = new Parsed<>(configVersion, settings);
            parsed.put(model.getId(), entry);
        }
        return create(model.getName(), configVersion, entry.settings(), session);
    }

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ConfigProblems problems = new ConfigProblems();
        SourceConfig config = new SourceConfig(model.getConfig(), problems);
        config.alias(model.getName());
        parse(config);
        problems.throwIfAny();
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        parsed.remove(model.getId());
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(SourceOptions.common());
        properties.addAll(typeOptions());
        return properties;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version)
                .with("configured-sources", String.valueOf(parsed.size()))
                .toMap();
    }

    /**
     * The audience evidence must name: the configured one, else this realm's issuer as the current request sees
     * it (resolved per request, since the issuer follows Keycloak's hostname configuration).
     */
    protected static String expectedAudience(Optional<String> configured, KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        return configured.orElseGet(() -> AgentGrantPaths.realmIssuer(session, realm));
    }

    /** The HTTP client and limits for trust material URLs, from this factory's server options. */
    protected final TrustFetching trustFetching() {
        return trustFetching;
    }

    @Override
    public void init(Config.Scope config) {
        trustFetching = TrustFetching.fromServerOptions(config);
    }

    /** The server options {@link #init} reads: those of {@link TrustFetching}. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return TrustFetching.optionMetadata();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-grant-trust-refresh-" + getId());
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(
                this::refreshTrust, REFRESH_CHECK_SECONDS, REFRESH_CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** Refreshes key sets fetched by URL that are due, off the request path (each one at most once at a time). */
    private void refreshTrust() {
        for (Parsed<S> entry : parsed.values()) {
            if (entry.settings() instanceof WithTrustAnchors withTrust) {
                withTrust.trust().refreshIfDue();
            }
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        parsed.clear();
    }
}
