package dev.agentgrant.keycloak.attestation.source;

import dev.agentgrant.keycloak.attestation.trust.CachedKeySet;
import dev.agentgrant.keycloak.attestation.trust.KeySetFetcher;
import dev.agentgrant.keycloak.support.ServerOption;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Server-lifetime settings and the one HTTP client for fetching trust material by URL, read from a source
 * factory's server options ({@code --spi-agent-grant-attestation-source--<type>--<option>}, listed in
 * {@link #OPTIONS}). Their defaults are those of {@link KeySetFetcher.Settings#defaults()} and
 * {@link CachedKeySet.Settings#defaults()}.
 */
public record TrustFetching(HttpClient client, KeySetFetcher.Settings fetch, CachedKeySet.Settings cache, Clock clock) {

    public static final ServerOption<Long> FETCH_TIMEOUT = ServerOption.seconds(
            "trust-fetch-timeout",
            KeySetFetcher.Settings.defaults().timeout().toSeconds(),
            "Seconds for the whole fetch of a trust-url, body included (at most 60).");
    public static final ServerOption<Integer> MAX_BYTES = ServerOption.integer(
            "trust-max-bytes",
            KeySetFetcher.Settings.defaults().maxBytes(),
            "Largest key set accepted from a trust-url, in bytes; a larger one is refused while reading.");
    public static final ServerOption<Boolean> ALLOW_HTTP = ServerOption.flag(
            "trust-allow-http",
            KeySetFetcher.Settings.defaults().allowPlainHttp(),
            "Accept plain-HTTP trust-url values. For development only.");
    public static final ServerOption<Long> REFRESH_INTERVAL = ServerOption.seconds(
            "trust-refresh-interval",
            CachedKeySet.Settings.defaults().refreshInterval().toSeconds(),
            "Seconds a fetched key set is used before it is refreshed in the background.");
    public static final ServerOption<Long> MIN_REFETCH_INTERVAL = ServerOption.seconds(
            "trust-min-refetch-interval",
            CachedKeySet.Settings.defaults().minRefetchInterval().toSeconds(),
            "Least seconds between two fetches for one source, also when evidence names an unknown key id.");
    public static final ServerOption<Long> MAX_STALE = ServerOption.seconds(
            "trust-max-stale",
            CachedKeySet.Settings.defaults().maxStale().toSeconds(),
            "Seconds the last good key set is still used while refreshing fails (at least trust-refresh-interval).");

    /** Every trust-fetching option, in the order Keycloak lists them. */
    public static final List<ServerOption<?>> OPTIONS =
            List.of(FETCH_TIMEOUT, MAX_BYTES, ALLOW_HTTP, REFRESH_INTERVAL, MIN_REFETCH_INTERVAL, MAX_STALE);

    /** The options as a source factory declares them in {@code getConfigMetadata()}. */
    public static List<ProviderConfigProperty> optionMetadata() {
        return ServerOption.metadata(OPTIONS);
    }

    public static TrustFetching fromServerOptions(Config.Scope config) {
        KeySetFetcher.Settings fetch = new KeySetFetcher.Settings(
                Duration.ofSeconds(FETCH_TIMEOUT.read(config)), MAX_BYTES.read(config), ALLOW_HTTP.read(config));
        CachedKeySet.Settings cache = new CachedKeySet.Settings(
                Duration.ofSeconds(REFRESH_INTERVAL.read(config)),
                Duration.ofSeconds(MIN_REFETCH_INTERVAL.read(config)),
                Duration.ofSeconds(MAX_STALE.read(config)));
        return new TrustFetching(
                KeySetFetcher.newHttpClient(KeySetFetcher.DEFAULT_CONNECT_TIMEOUT), fetch, cache, Clock.systemUTC());
    }

    public KeySetFetcher fetcher() {
        return new KeySetFetcher(client, fetch);
    }
}
