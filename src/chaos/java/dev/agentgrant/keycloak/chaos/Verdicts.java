package dev.agentgrant.keycloak.chaos;

import java.util.ArrayList;
import java.util.List;

/** The run's verdicts: each a claim, met or missed, with the numbers that decide it. */
final class Verdicts {

    private record Verdict(String experiment, String claim, boolean met, String evidence) {}

    private final List<Verdict> verdicts = new ArrayList<>();

    void add(String experiment, String claim, boolean met, String evidence) {
        verdicts.add(new Verdict(experiment, claim, met, evidence));
        System.out.printf("  [%s] %s: %s (%s)%n", experiment, claim, met ? "met" : "MISSED", evidence);
    }

    boolean allMet() {
        return verdicts.stream().allMatch(Verdict::met);
    }

    String block() {
        StringBuilder out = new StringBuilder("Verdicts\n");
        String experiment = "";
        for (Verdict verdict : verdicts) {
            if (!verdict.experiment().equals(experiment)) {
                experiment = verdict.experiment();
                out.append(experiment).append('\n');
            }
            out.append(String.format(
                    "  %-6s  %s%n          %s%n",
                    verdict.met() ? "met" : "MISSED", verdict.claim(), verdict.evidence()));
        }
        return out.toString();
    }
}
