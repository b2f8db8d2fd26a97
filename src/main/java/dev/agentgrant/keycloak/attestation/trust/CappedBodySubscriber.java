package dev.agentgrant.keycloak.attestation.trust;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte cap, counting while it reads: one buffer past the cap and the
 * subscription is cancelled, so an endless or huge body never costs more than {@code cap} bytes of memory.
 * Demand is one buffer at a time, so nothing is queued ahead of the count.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final int cap;
    private final EvidenceRejected refusal;
    private final ByteArrayOutputStream received;
    private volatile Flow.Subscription subscription;
    private long count;

    private CappedBodySubscriber(int cap, EvidenceRejected refusal, int initialCapacity) {
        this.cap = cap;
        this.refusal = refusal;
        this.received = new ByteArrayOutputStream(initialCapacity);
    }

    /** Reads the body, failing with {@code too_large} once more than {@code cap} bytes arrive. */
    static CappedBodySubscriber reading(int cap, long declaredLength) {
        int initial = (int) Math.max(1024, Math.min(declaredLength, cap));
        return new CappedBodySubscriber(cap, null, initial);
    }

    /** Reads nothing: cancels the body as soon as it starts and fails with {@code refusal}. */
    static CappedBodySubscriber refusing(EvidenceRejected refusal) {
        return new CappedBodySubscriber(0, refusal, 0);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (refusal != null) {
            subscription.cancel();
            body.completeExceptionally(refusal);
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
            count += buffer.remaining();
            if (count > cap) {
                subscription.cancel();
                body.completeExceptionally(new EvidenceRejected(
                        KeySetFetcher.TOO_LARGE, "Key set response exceeds " + cap + " bytes; stopped reading"));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            received.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(received.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    /** Stops reading; called when the caller's deadline passes. */
    void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
