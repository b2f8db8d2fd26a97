package dev.agentgrant.keycloak.load;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Single-use, short-lived things a client signs (presentations, DPoP proofs), minted in a batch right before each slice
 * of load so that signing stays out of the measured time and off the cores while the server is measured. When a batch
 * runs out, the virtual user mints in line (still outside the timing) and the count says how often.
 *
 * <p>An item older than {@link #MAX_AGE} is never sent: Keycloak accepts a DPoP proof whose {@code iat} is at most its
 * proof lifetime (10 s) plus its clock skew (15 s) old, and a batch minted while other work holds the cores can take
 * long enough for its first items to come near that. Such an item is dropped and the virtual user mints in line.
 */
final class PreMinted<T> {

    /** How much larger than the last slice's rate suggests a batch is, so it rarely runs out. */
    private static final double HEADROOM = 2;
    /** 25 s of accepted age, less a margin for {@code iat}'s whole seconds and the request in flight. */
    static final Duration MAX_AGE = Duration.ofSeconds(20);

    private record Minted<T>(T item, long nanos) {}

    private final Supplier<T> mint;
    private final Queue<Minted<T>> batch = new ConcurrentLinkedQueue<>();
    private final AtomicLong mintedInLine = new AtomicLong();

    PreMinted(Supplier<T> mint) {
        this.mint = mint;
    }

    /** Replaces the batch with enough for {@code slice} at {@code expectedRate} requests/s. */
    void refill(Duration slice, double expectedRate, int concurrency) {
        batch.clear();
        int count = (int) Math.ceil(expectedRate * slice.toMillis() / 1000.0 * HEADROOM) + 4 * concurrency;
        // Parallel: both cores mint while no load runs. Every item of a batch is minted within the same few seconds.
        IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> new Minted<>(mint.get(), System.nanoTime()))
                .forEach(batch::add);
    }

    T take() {
        long oldest = System.nanoTime() - MAX_AGE.toNanos();
        for (Minted<T> minted = batch.poll(); minted != null; minted = batch.poll()) {
            if (minted.nanos() - oldest > 0) {
                return minted.item();
            }
        }
        mintedInLine.incrementAndGet();
        return mint.get();
    }

    long mintedInLine() {
        return mintedInLine.get();
    }
}
