package dev.agentgrant.demo.agent;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the agent prints: numbered steps, aligned details, and every answer it did not expect. */
final class Report {

    private final PrintStream out;
    private final List<String> surprises = new ArrayList<>();
    private int steps;

    Report(PrintStream out) {
        this.out = out;
    }

    PrintStream out() {
        return out;
    }

    /** Prints the next step's heading; its number. */
    int step(String title) {
        out.println();
        out.println(++steps + ". " + title);
        return steps;
    }

    void detail(String label, String value) {
        out.printf(Locale.ROOT, "   %-14s %s%n", label, value);
    }

    /** Each line of {@code text}, indented to sit under the step. */
    void indented(String text) {
        text.strip().lines().forEach(line -> out.append("     ").append(line).append('\n'));
    }

    void expect(boolean condition, String surprise) {
        if (!condition) {
            surprises.add(surprise);
            out.println("   !! unexpected: " + surprise);
        }
    }

    /** The closing lines, {@code done} when nothing was unexpected; the exit code: 0 when nothing was. */
    int finish(String done) {
        out.println();
        if (surprises.isEmpty()) {
            out.println("Done: " + done);
            return 0;
        }
        out.println("The round did not go as the demo expects:");
        surprises.forEach(surprise -> out.println("  - " + surprise));
        return 1;
    }
}
