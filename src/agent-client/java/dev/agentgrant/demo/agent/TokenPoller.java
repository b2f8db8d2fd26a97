package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.ToolFailure;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * RFC 8628 §3.4–§3.5 pacing applied to the token exchange: wait {@code interval} seconds between polls, add 5 for
 * every slow_down, stop at access_denied or expired_token, or when the request has expired.
 */
final class TokenPoller {

    /** RFC 8628 §3.5: slow_down adds 5 seconds to the polling interval, for this and every later poll. */
    static final int SLOW_DOWN_STEP = 5;

    private final AgentCalls calls;
    private final PrintStream out;

    TokenPoller(AgentCalls calls, PrintStream out) {
        this.calls = calls;
        this.out = out;
    }

    Map<?, ?> awaitToken(String grantId, long interval, long expiresIn) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(expiresIn);
        long wait = Math.max(1, interval);
        out.print("   waiting");
        out.flush();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(wait * 1000);
            Answer answer = calls.exchange(grantId);
            if (answer.status() == 200) {
                out.println(" approved");
                return AgentCalls.object(answer, 200, "the token exchange");
            }
            Object error = answer.error();
            if ("authorization_pending".equals(error)) {
                out.print(".");
                out.flush();
            } else if ("slow_down".equals(error)) {
                wait += SLOW_DOWN_STEP;
                out.print(" slow_down (now every " + wait + " s) ");
                out.flush();
            } else {
                out.println();
                String why = "access_denied".equals(error)
                        ? "the person denied the task"
                        : "expired_token".equals(error) ? "nobody approved the task in time" : "the exchange failed";
                throw new ToolFailure(why + ": HTTP " + answer.status() + " " + answer.describe());
            }
        }
        out.println();
        throw new ToolFailure("nobody approved the task within " + expiresIn + " s");
    }
}
