package dev.agentgrant.keycloak.exchange;

/**
 * Registers the task-grant exchange ahead of Keycloak's own ({@code standard} has order 10, {@code default} 0): the
 * first provider whose {@code supports()} answers true handles a request, and this one answers true only for
 * requests naming the extension's token types.
 */
public final class TaskGrantExchangeProviderFactory extends ExchangeProviderFactory {

    public static final String ID = "agent-grant-task-grant";
    static final int ORDER = 100;

    public TaskGrantExchangeProviderFactory() {
        super(ID, ORDER, TaskGrantExchangeProvider::new);
    }
}
