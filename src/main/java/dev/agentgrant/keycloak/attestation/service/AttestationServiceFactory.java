package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Owns the server-lifetime state of attestation: the verification cache and the parsed-policy cache.
 * Options ({@code --spi-agent-grant-attestation--default--…}): {@code cache-max-entries} (default 10000) and
 * {@code cache-max-ttl} (seconds, default 300; 0 turns the cache off).
 */
public final class AttestationServiceFactory implements ProviderFactory<AttestationService>, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

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
        maxEntries = Math.max(0, config.getInt("cache-max-entries", 10_000));
        maxTtl = Duration.ofSeconds(Math.max(0, config.getLong("cache-max-ttl", 300L)));
        cache = new VerificationCache(clock, maxTtl, maxEntries);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version)
                .with("cache-max-entries", String.valueOf(maxEntries))
                .with("cache-max-ttl", maxTtl.toSeconds() + "s")
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
