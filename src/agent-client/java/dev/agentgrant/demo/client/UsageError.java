package dev.agentgrant.demo.client;

/** A command-line mistake, found before anything is sent or written: exit code 2. */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
