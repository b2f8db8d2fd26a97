package dev.agentgrant.keycloak.attestation.trust;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial.KeySetFormat;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a JWKS or SPIFFE bundle over HTTP(S) under hard bounds (docs/attestation.md, "Server options (per source type)"):
 * <ul>
 *   <li><b>time:</b> one deadline for the whole exchange — connect, TLS, headers <em>and</em> body. The JDK's
 *       request timeout alone stops at the headers, so a server trickling its body would hold the caller
 *       forever; here the exchange is abandoned when the deadline passes;</li>
 *   <li><b>size:</b> a byte cap enforced while reading (a declared {@code Content-Length} above the cap is
 *       refused before reading anything), so memory stays bounded whatever the server sends;</li>
 *   <li><b>redirects:</b> none are followed. A key set moves rarely and an admin can update the URL; following
 *       one could lead from https to http or to another origin, which would change whom the keys come from;</li>
 *   <li><b>scheme:</b> https only, unless the settings allow plain http (for tests and development). SPIFFE
 *       Trust Domain and Bundle §5 requires a TLS-protected bundle endpoint.</li>
 * </ul>
 * Every failure is an {@link EvidenceRejected} with one of the reasons {@value #TIMEOUT}, {@value #TOO_LARGE},
 * {@value #HTTP_STATUS}, {@value #UNPARSEABLE}, {@value #UNREACHABLE}, or {@value TrustMaterial#INVALID} (the
 * URL, or a key set that parses but is refused by {@link TrustMaterial}). No unchecked exception escapes.
 *
 * <p>The {@link HttpClient} is server-lifetime state owned by the caller (one per Keycloak node, shared by all
 * sources); build it with {@link #newHttpClient(Duration)}.
 */
public final class KeySetFetcher {

    public static final String TIMEOUT = "timeout";
    public static final String TOO_LARGE = "too_large";
    public static final String HTTP_STATUS = "http_status";
    public static final String UNPARSEABLE = "unparseable";
    public static final String UNREACHABLE = "unreachable";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /**
     * @param timeout the deadline for the whole exchange, connect to last body byte (at most one minute)
     * @param maxBytes the response-size cap, at most {@link TrustMaterial#MAX_LENGTH}
     * @param allowPlainHttp accept {@code http} URLs; for tests and development only
     */
    public record Settings(Duration timeout, int maxBytes, boolean allowPlainHttp) {

        /** Rejects nonsensical values at startup; these are server settings, not request input. */
        public Settings {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(
                        "Key set fetch timeout must be between 0 and " + MAX_TIMEOUT + ", is " + timeout);
            }
            if (maxBytes < 1 || maxBytes > TrustMaterial.MAX_LENGTH) {
                throw new IllegalArgumentException(
                        "Key set size cap must be 1–" + TrustMaterial.MAX_LENGTH + " bytes, is " + maxBytes);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_TIMEOUT, TrustMaterial.MAX_LENGTH, false);
        }
    }

    private final HttpClient client;
    private final Settings settings;

    /**
     * @param client shared, and must not follow redirects ({@link #newHttpClient(Duration)} builds such a client)
     */
    public KeySetFetcher(HttpClient client, Settings settings) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("The key set HttpClient must not follow redirects");
        }
        this.client = client;
        this.settings = settings;
    }

    /**
     * The client the Keycloak factory creates once and shares: bounded connect timeout, no redirects, and the
     * JVM's proxy settings ({@code https.proxyHost}, {@code http.nonProxyHosts}), which a bare client ignores.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    /** Parses and checks a configured key set URL; for validating admin input before it is stored. */
    public static URI parseUrl(String url, boolean allowPlainHttp) throws EvidenceRejected {
        if (url == null || url.isBlank()) {
            throw SignatureKeys.invalid("Key set URL is empty");
        }
        try {
            return checkUrl(new URI(url.strip()), allowPlainHttp);
        } catch (URISyntaxException e) {
            throw SignatureKeys.invalid("Key set URL is not a URI: " + e.getReason());
        }
    }

    static URI checkUrl(URI url, boolean allowPlainHttp) throws EvidenceRejected {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            throw SignatureKeys.invalid("Key set URL must be an absolute https URL");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPlainHttp)) {
            throw SignatureKeys.invalid("Key set URL must use https"
                    + (scheme.equals("http")
                            ? " (plain http is allowed only when the server is configured for development)"
                            : ""));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw SignatureKeys.invalid("Key set URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw SignatureKeys.invalid("Key set URL must not carry credentials");
        }
        if (url.getRawFragment() != null) {
            throw SignatureKeys.invalid("Key set URL must not have a fragment");
        }
        return url;
    }

    public JWKSet fetch(URI url, KeySetFormat format) throws EvidenceRejected {
        URI target = checkUrl(url, settings.allowPlainHttp());
        HttpRequest request = HttpRequest.newBuilder(target)
                .GET()
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .build();
        AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request, info -> {
                CappedBodySubscriber subscriber = subscriberFor(info, target);
                body.set(subscriber);
                return subscriber;
            });
        } catch (RuntimeException e) {
            throw new EvidenceRejected(UNREACHABLE, "Cannot request " + target + ": " + e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(exchange, body);
            throw new EvidenceRejected(
                    TIMEOUT, "No complete response from " + target + " within " + settings.timeout());
        } catch (InterruptedException e) {
            abandon(exchange, body);
            Thread.currentThread().interrupt();
            throw new EvidenceRejected(UNREACHABLE, "Interrupted while fetching " + target);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), target);
        }
        return parse(response.body(), format, target);
    }

    private CappedBodySubscriber subscriberFor(HttpResponse.ResponseInfo info, URI target) {
        int status = info.statusCode();
        if (status != 200) {
            return CappedBodySubscriber.refusing(new EvidenceRejected(
                    HTTP_STATUS,
                    target + " answered HTTP " + status
                            + (status >= 300 && status < 400
                                    ? " (redirects are not followed; configure the final URL)"
                                    : "")));
        }
        long declared;
        try {
            declared = info.headers().firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared > settings.maxBytes()) {
            return CappedBodySubscriber.refusing(new EvidenceRejected(
                    TOO_LARGE,
                    target + " declares a body of " + declared + " bytes; the cap is " + settings.maxBytes()));
        }
        return CappedBodySubscriber.reading(settings.maxBytes(), declared);
    }

    /** Cancelling the exchange closes the connection (JDK 16+); cancelling the body also stops any read in flight. */
    private static void abandon(CompletableFuture<?> exchange, AtomicReference<CappedBodySubscriber> body) {
        exchange.cancel(true);
        CappedBodySubscriber subscriber = body.get();
        if (subscriber != null) {
            subscriber.cancel();
        }
    }

    private static EvidenceRejected failure(Throwable cause, URI target) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof EvidenceRejected rejection) {
                return rejection;
            }
            if (t instanceof HttpTimeoutException) {
                return new EvidenceRejected(TIMEOUT, "Timed out fetching " + target + ": " + t.getMessage());
            }
        }
        String detail = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new EvidenceRejected(UNREACHABLE, "Cannot fetch " + target + ": " + detail);
    }

    private static JWKSet parse(byte[] body, KeySetFormat format, URI target) throws EvidenceRejected {
        String text;
        try {
            // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EvidenceRejected(UNPARSEABLE, target + " returned a body that is not UTF-8");
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw new EvidenceRejected(UNPARSEABLE, target + " returned a body that is not a JSON object");
        }
        return format == KeySetFormat.SPIFFE_BUNDLE
                ? TrustMaterial.fromSpiffeBundleObject(json)
                : TrustMaterial.fromJwksObject(json);
    }
}
