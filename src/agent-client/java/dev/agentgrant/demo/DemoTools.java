package dev.agentgrant.demo;

import dev.agentgrant.demo.agent.DemoAgent;
import dev.agentgrant.demo.api.DemoApi;
import dev.agentgrant.demo.evidence.DemoEvidence;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The demo tools of Agent Grant for Keycloak in one jar (docs/walkthrough.md):
 * <pre>
 * java -jar target/agent-grant-demo-tools.jar api      [options]   the demo resource server demo-api
 * java -jar target/agent-grant-demo-tools.jar agent    [options]   the demo agent: one whole round of a task grant
 * java -jar target/agent-grant-demo-tools.jar evidence &lt;command&gt;  demo trust anchors, evidence, presentations, DPoP
 * </pre>
 */
public final class DemoTools {

    static final String USAGE = """
            Usage: java -jar target/agent-grant-demo-tools.jar <tool> [options]   (from the project root)
              api        the demo resource server demo-api (docs/walkthrough.md, section 2)
              agent      the demo agent: one whole round of a task grant (docs/walkthrough.md, section 3)
              evidence   demo trust anchors and attestation evidence (tools/demo-evidence/README.md)
            '<tool> --help' lists a tool's options.
            """;

    private DemoTools() {}

    public static void main(String[] args) {
        int exit = run(args, System.in, System.out, System.err);
        if (exit != DemoApi.RUNNING) {
            System.exit(exit);
        }
    }

    /** The tool's exit code, or {@link DemoApi#RUNNING} while the API serves in the background. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "api":
                return DemoApi.run(rest, out, err);
            case "agent":
                return DemoAgent.run(rest, out, err);
            case "evidence":
                return DemoEvidence.run(rest, in, out, err);
            case "--help", "-h", "help":
                out.print(USAGE);
                return 0;
            default:
                err.println("demo-tools: unknown tool '" + args[0] + "'");
                err.print(USAGE);
                return 2;
        }
    }
}
