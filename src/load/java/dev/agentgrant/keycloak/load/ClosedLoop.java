package dev.agentgrant.keycloak.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed workload (Gatling's {@code constantConcurrentUsers}): {@code concurrency} virtual users, each sending its
 * next request as soon as the previous one is answered, over kept-alive HTTP/1.1 connections. Only the HTTP exchange
 * is timed; the request is built before the clock starts. Throughput is the number of tokens divided by the time from
 * the start of the load to the last answer.
 */
public final class ClosedLoop implements AutoCloseable {

    /**
     * The longest stretch of load between two {@link Scenario#prepare} calls: a batch of DPoP proofs minted just before
     * must still be accepted at its end (iat at most 25 s old), with room for the minting itself.
     */
    static final Duration MAX_SLICE = Duration.ofSeconds(15);

    private final int concurrency;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService users;
    private final MachineCpu cpu;

    public ClosedLoop(int concurrency, MachineCpu cpu) {
        this.concurrency = concurrency;
        this.cpu = cpu;
        this.users = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "virtual-user");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code scenario} for {@code duration}, in slices of at most {@link #MAX_SLICE}, each prepared first with the
     * highest rate seen so far (a batch too large costs only unmeasured time, one too small costs in-line minting).
     */
    public Sample run(Scenario scenario, Duration duration, double expectedRate) {
        int slices = (int) Math.ceil((double) duration.toMillis() / MAX_SLICE.toMillis());
        Duration slice = duration.dividedBy(slices);
        Sample total = new Sample();
        double rate = expectedRate;
        for (int i = 0; i < slices; i++) {
            scenario.prepare(slice, rate);
            Sample sample = slice(scenario, slice);
            total.add(sample);
            rate = Math.max(rate, sample.throughput());
        }
        return total;
    }

    /** One request, outside any measurement: answers null when it succeeded, else what came back. */
    public String probe(Scenario scenario) {
        scenario.prepare(Duration.ofSeconds(1), 1);
        try {
            HttpResponse<String> response = client.send(scenario.next(), HttpResponse.BodyHandlers.ofString());
            return scenario.succeeded(response) ? null : describe(response);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private Sample slice(Scenario scenario, Duration slice) {
        Map<MachineCpu.Part, Long> cpuBefore = cpu.snapshot();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long deadline = start + slice.toNanos();
        List<Future<UserResult>> running = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            running.add(users.submit(() -> user(scenario, deadline)));
        }
        Sample sample = new Sample();
        long end = start;
        for (Future<UserResult> future : running) {
            UserResult result = await(future);
            sample.add(result.sample());
            end = Math.max(end, result.endNanos());
        }
        sample.addWindow(startedAt, startedAt.plusNanos(end - start), end - start);
        sample.addCpu(MachineCpu.difference(cpuBefore, cpu.snapshot()));
        return sample;
    }

    private record UserResult(Sample sample, long endNanos) {}

    private UserResult user(Scenario scenario, long deadline) {
        Sample sample = new Sample();
        while (System.nanoTime() < deadline) {
            HttpRequest request = scenario.next();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long latency = System.nanoTime() - sent;
                if (scenario.succeeded(response)) {
                    sample.recordToken(latency);
                } else {
                    sample.recordError(describe(response));
                }
            } catch (IOException e) {
                sample.recordError(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new UserResult(sample, System.nanoTime());
    }

    private static String describe(HttpResponse<String> response) {
        String body = response.body();
        return response.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    private static UserResult await(Future<UserResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A virtual user failed", e.getCause());
        }
    }

    @Override
    public void close() {
        users.shutdownNow();
    }
}
