package dev.agentgrant.keycloak.attestation.source;

import dev.agentgrant.keycloak.attestation.trust.CachedKeySet;
import dev.agentgrant.keycloak.attestation.trust.KeySetFetcher;
import org.keycloak.Config;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Server-lifetime settings and the one HTTP client for fetching trust material by URL, read from a source
 * factory's server options ({@code --spi-agent-grant-attestation-source--<type>--<option>}):
 * <ul>
 *   <li>{@code trust-fetch-timeout} (seconds, default 5): the whole request, body included;</li>
 *   <li>{@code trust-max-bytes} (default 262144): larger key sets are refused while reading;</li>
 *   <li>{@code trust-refresh-interval} (seconds, default 300), {@code trust-min-refetch-interval} (seconds,
 *       default 30: at most one fetch per source in that time, also for unknown key ids), {@code trust-max-stale}
 *       (seconds, default 86400: how long the last good key set is used while refreshing fails);</li>
 *   <li>{@code trust-allow-http} (default false): plain-HTTP URLs, for development only.</li>
 * </ul>
 */
public record TrustFetching(HttpClient client, KeySetFetcher.Settings fetch, CachedKeySet.Settings cache, Clock clock) {

    public static TrustFetching fromServerOptions(Config.Scope config) {
        KeySetFetcher.Settings fetch = new KeySetFetcher.Settings(
                Duration.ofSeconds(config.getLong("trust-fetch-timeout", KeySetFetcher.DEFAULT_TIMEOUT.toSeconds())),
                config.getInt("trust-max-bytes", KeySetFetcher.Settings.defaults().maxBytes()),
                config.getBoolean("trust-allow-http", false));
        CachedKeySet.Settings defaults = CachedKeySet.Settings.defaults();
        CachedKeySet.Settings cache = new CachedKeySet.Settings(
                Duration.ofSeconds(config.getLong("trust-refresh-interval", defaults.refreshInterval().toSeconds())),
                Duration.ofSeconds(config.getLong("trust-min-refetch-interval", defaults.minRefetchInterval().toSeconds())),
                Duration.ofSeconds(config.getLong("trust-max-stale", defaults.maxStale().toSeconds())));
        return new TrustFetching(KeySetFetcher.newHttpClient(KeySetFetcher.DEFAULT_CONNECT_TIMEOUT), fetch, cache, Clock.systemUTC());
    }

    public KeySetFetcher fetcher() {
        return new KeySetFetcher(client, fetch);
    }
}
