package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Demo trust anchors and demo attestation evidence for Agent Grant for Keycloak:
 * <pre>
 * java -jar target/agent-grant-demo-tools.jar evidence &lt;command&gt; [options]
 * </pre>
 * {@code init} creates signing keys standing in for a SPIRE server, a Kubernetes API server, a CI OIDC issuer
 * (GitHub Actions) and a build provenance signer, the matching public trust material, an agent instance key and the
 * attestation source definitions for Keycloak's admin REST API. The other commands mint evidence with those keys —
 * JWT-SVIDs, projected service-account tokens, CI workload tokens, SLSA provenance in DSSE envelopes, the
 * attestation presentation that carries them and DPoP proofs — or put things into a running Keycloak. See
 * tools/demo-evidence/README.md. The keys are demo keys, written unencrypted to disk. Never trust them outside a demo.
 */
public final class DemoEvidence {

    public static final String LAUNCH = "java -jar target/agent-grant-demo-tools.jar evidence";

    static final Map<String, Command> COMMANDS = commands();

    private DemoEvidence() {}

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        Stream.of(MintCommands.all(), SigningCommands.all(), AdminCommands.all())
                .flatMap(List::stream)
                .forEach(command -> commands.put(command.name(), command));
        return commands;
    }

    /** Runs one command; returns the exit code: 0 done, 1 failed, 2 usage error. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(overview());
            return 2;
        }
        String name = args[0];
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(overview());
            return 0;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.println("demo-evidence: unknown command '" + name + "'");
            err.print(overview());
            return 2;
        }
        String prefix = "demo-evidence " + name + ": ";
        try {
            Arguments arguments = Arguments.parse(command, List.of(args).subList(1, args.length));
            if (arguments.has("help")) {
                out.print(command.help());
                return 0;
            }
            command.action().run(arguments, new Context(new StateDir(arguments.dir()), in, out, err));
            return 0;
        } catch (UsageError e) {
            err.println(prefix + e.getMessage());
            err.println("Usage: " + command.synopsis() + "  (see --help)");
            return 2;
        } catch (ToolFailure e) {
            err.println(prefix + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println(prefix + "no such file: " + e.getFile()
                    + (command.needsInit() ? " (run 'init' first, or pass --dir)" : ""));
        } catch (IOException e) {
            err.println(prefix + "I/O error: " + e);
        } catch (GeneralSecurityException e) {
            err.println(prefix + "cryptography error: " + e);
        } catch (RuntimeException e) {
            err.println(prefix + "unexpected error: " + e);
        }
        return 1;
    }

    static String overview() {
        StringBuilder text = new StringBuilder();
        text.append("Demo trust anchors and attestation evidence for Agent Grant for Keycloak.\n")
                .append("DEMO KEYS ONLY: never configure them in a realm that protects anything real.\n\n")
                .append("Usage: ")
                .append(LAUNCH)
                .append(" <command> [--dir PATH] [options]\n\nCommands:\n");
        COMMANDS.values().forEach(c -> text.append(String.format(Locale.ROOT, "  %-15s %s%n", c.name(), c.summary())));
        text.append("\n'<command> --help' describes a command. Exit codes: 0 done, 1 failed, 2 usage error.\n");
        return text.toString();
    }
}
