package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import dev.agentgrant.keycloak.support.ServerOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Owns the server-lifetime state of attestation: the verification cache and the parsed-policy cache.
 * Options ({@code --spi-agent-grant-attestation--default--…}): {@link #CACHE_MAX_ENTRIES} and {@link #CACHE_MAX_TTL}.
 */
public final class AttestationServiceFactory
        implements ProviderFactory<AttestationService>, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    public static final ServerOption<Integer> CACHE_MAX_ENTRIES = ServerOption.integer(
            "cache-max-entries",
            10_000,
            "Most verification results this node keeps; 0 turns the verification cache off.");
    public static final ServerOption<Long> CACHE_MAX_TTL = ServerOption.seconds(
            "cache-max-ttl",
            300,
            "Seconds a verification result is reused at most (never past the evidence's own expiry); 0 turns the "
                    + "verification cache off.");

    private final ExtensionVersion version = ExtensionVersion.current();
    private final Clock clock = Clock.systemUTC();
    private final AgentPolicies policies = new AgentPolicies();
    private VerificationCache cache;
    private int maxEntries;
    private Duration maxTtl;

    @Override
    public AttestationService create(KeycloakSession session) {
        return new AttestationService(session, cache, policies, clock);
    }

    @Override
    public void init(Config.Scope config) {
        maxEntries = Math.max(0, CACHE_MAX_ENTRIES.read(config));
        maxTtl = Duration.ofSeconds(Math.max(0, CACHE_MAX_TTL.read(config)));
        cache = new VerificationCache(clock, maxTtl, maxEntries);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(List.of(CACHE_MAX_ENTRIES, CACHE_MAX_TTL));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version)
                .with(CACHE_MAX_ENTRIES.name(), String.valueOf(maxEntries))
                .with(CACHE_MAX_TTL.name(), maxTtl.toSeconds() + "s")
                .with("cache-entries", String.valueOf(cache == null ? 0 : cache.size()))
                .toMap();
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.clear();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
