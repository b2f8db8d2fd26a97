package dev.agentgrant.demo.client;

/** A demo tool could not do its work (a refused call, missing or broken state, unreadable input): exit code 1. */
public final class ToolFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolFailure(String message) {
        super(message);
    }
}
