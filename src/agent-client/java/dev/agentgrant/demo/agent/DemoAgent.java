package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.ToolFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo agent of Agent Grant for Keycloak: one whole round of a task grant,
 * <pre>
 * java -jar target/agent-grant-demo-tools.jar agent [--url http://localhost:8080] [--api http://localhost:8090/calendar] …
 * </pre>
 * It asks for a task grant with an attestation presentation, shows the person the link to approve it, waits for the
 * decision by polling the token exchange (RFC 8628 §3.4–§3.5 pacing), exchanges the grant with a fresh presentation
 * and a DPoP proof (RFC 8693, RFC 9449), calls the demo resource server with the DPoP-bound token, hands the task to
 * its sub-agent (which exchanges the agent's token with its own evidence and key for a token with the nested act, and
 * calls the resource server with it; docs/wire-contract.md "Sub-agent chains"), then revokes the grant and shows that
 * token introspection, the exchange, the hand-over and the resource server all refuse from then on. Run it from
 * the project root; docs/walkthrough.md shows a whole run.
 *
 * <p>Every key and every piece of evidence comes from the demo realm's state directory realm-exports/demo-evidence,
 * minted by the evidence tool's classes as its commands mint them.
 */
public final class DemoAgent {

    private DemoAgent() {}

    /** Exit codes: 0 the round went as the demo expects, 1 it did not or a call failed, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> settings;
        try {
            settings = AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("demo-agent: " + e.getMessage());
            err.print(AgentOptions.usage());
            return 2;
        }
        if (settings.containsKey("help")) {
            out.print(AgentOptions.usage());
            return 0;
        }
        try {
            AgentEvidence evidence = AgentEvidence.load(Path.of(settings.get("evidence-dir")), settings.get("client"));
            return new Round(settings, evidence, new Report(out)).run();
        } catch (ToolFailure e) {
            out.flush();
            err.println("demo-agent: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("demo-agent: interrupted");
            return 1;
        }
    }
}
