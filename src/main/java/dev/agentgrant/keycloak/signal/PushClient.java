package dev.agentgrant.keycloak.signal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends one SET to one receiver as RFC 8935 §2.1 describes — {@code POST}, {@code Content-Type:
 * application/secevent+jwt}, {@code Accept: application/json}, the compact JWS as the body — under hard bounds, because
 * the endpoint is whatever an admin configured:
 *
 * <ul>
 *   <li>one deadline for the whole exchange (connect, TLS, headers and body); past it the exchange is abandoned;
 *   <li>at most {@value #MAX_ANSWER_BYTES} bytes of the answer are read — enough for an RFC 8935 §2.3 error — and only
 *       for a 400; any other answer's body is not read at all;
 *   <li>no redirect is followed: a receiver that moved is reconfigured by an admin, never followed to wherever it
 *       points (which could be an internal address).
 * </ul>
 *
 * Never throws: every outcome is a {@link PushVerdict}.
 */
final class PushClient {

    static final String MEDIA_TYPE = "application/secevent+jwt";
    static final int MAX_ANSWER_BYTES = 4096;

    private final HttpClient client;
    private final Duration timeout;

    PushClient(HttpClient client, Duration timeout) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("The push HttpClient must not follow redirects");
        }
        this.client = client;
        this.timeout = timeout;
    }

    /** HTTP/1.1, a bounded connect timeout, no redirects, the JVM's proxy settings (a bare client ignores them). */
    static HttpClient newHttpClient(Duration timeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    PushVerdict push(URI endpoint, Optional<String> authorization, String set) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", MEDIA_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(set));
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            authorization.ifPresent(value -> request.header("Authorization", value));
            exchange = client.sendAsync(
                    request.build(), info -> new BoundedBody(info.statusCode() == 400 ? MAX_ANSWER_BYTES : 0));
        } catch (RuntimeException e) {
            return PushVerdict.ofNoAnswer("cannot send to " + endpoint + ": " + e.getMessage());
        }
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return PushVerdict.ofAnswer(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return PushVerdict.ofNoAnswer("no answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return PushVerdict.ofNoAnswer("interrupted (the server is stopping)");
        } catch (ExecutionException e) {
            return PushVerdict.ofNoAnswer(why(e.getCause()));
        }
    }

    private String why(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toSeconds() + "s";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + "s";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof SSLException) {
            return "TLS failed: " + failure.getMessage();
        }
        if (failure instanceof IOException) {
            return "connection failed: " + failure;
        }
        return "failed: " + failure;
    }

    /**
     * Keeps at most {@code cap} bytes of a body and stops reading there: one buffer past the cap and the subscription
     * is cancelled, so a huge or endless answer costs at most that much memory. A cap of 0 reads nothing.
     */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int cap;
        private Flow.Subscription subscription;

        BoundedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (cap == 0) {
                subscription.cancel();
                body.complete(new byte[0]);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), cap - kept.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                kept.write(chunk, 0, take);
                if (kept.size() >= cap) {
                    subscription.cancel();
                    body.complete(kept.toByteArray());
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toByteArray());
        }
    }
}
