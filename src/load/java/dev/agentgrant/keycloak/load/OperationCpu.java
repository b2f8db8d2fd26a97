package dev.agentgrant.keycloak.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time one operation costs the thread running it, done over and over: first for {@code time} unmeasured (so
 * the JIT has compiled it), then for {@code time} measured with the thread's CPU clock ({@link ThreadMXBean}), which
 * counts this thread only, whatever else runs on the machine.
 */
final class OperationCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Something done once per token. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private OperationCpu() {}

    /** CPU nanoseconds the current thread has used so far. */
    static long threadNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Microseconds of this thread's CPU per run of {@code operation}. */
    static double micros(Duration time, Operation operation) {
        repeat(time, operation);
        long before = threadNanos();
        long runs = repeat(time, operation);
        return (threadNanos() - before) / 1000.0 / runs;
    }

    private static long repeat(Duration time, Operation operation) {
        long deadline = System.nanoTime() + time.toNanos();
        long runs = 0;
        try {
            do {
                operation.run();
                runs++;
            } while (System.nanoTime() < deadline);
        } catch (Exception e) {
            throw new IllegalStateException("The floor's operation failed", e);
        }
        return runs;
    }
}
