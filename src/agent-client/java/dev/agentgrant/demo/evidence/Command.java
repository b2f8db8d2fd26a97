package dev.agentgrant.demo.evidence;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One command of the evidence tool: its help, its options, and what it does. */
record Command(
        String name,
        String summary,
        String usage,
        String description,
        List<Option> options,
        boolean needsInit,
        Action action) {

    static final String DIR_HELP = "state directory holding the demo keys (default ./" + StateDir.DEFAULT + ")";

    @FunctionalInterface
    interface Action {
        void run(Arguments args, Context context) throws IOException, GeneralSecurityException;
    }

    String synopsis() {
        return DemoEvidence.LAUNCH + " " + usage + " [--dir PATH]";
    }

    List<Option> allOptions() {
        List<Option> all = new ArrayList<>(options);
        all.add(Option.value("dir", "PATH", DIR_HELP));
        all.add(Option.flag("help", "show this help"));
        return all;
    }

    String help() {
        StringBuilder text = new StringBuilder("Usage: ")
                .append(synopsis())
                .append("\n\n")
                .append(description)
                .append("\nOptions:\n");
        for (Option option : allOptions()) {
            String left = "--" + option.name() + (option.valueName() == null ? "" : " " + option.valueName());
            text.append(String.format(Locale.ROOT, "  %-26s %s%n", left, option.help()));
        }
        return text.toString();
    }
}
