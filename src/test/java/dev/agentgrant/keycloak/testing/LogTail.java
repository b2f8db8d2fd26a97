package dev.agentgrant.keycloak.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a server log, for failure messages. */
public final class LogTail {

    private LogTail() {}

    public static String of(Path log, int lines) {
        if (log == null || !Files.exists(log)) {
            return "(no log)";
        }
        try {
            // Lenient decoding: a log line in another charset must not hide the tail.
            List<String> all = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "----- last " + last.size() + " lines of " + log + " -----\n" + String.join("\n", last)
                    + "\n----- end of " + log.getFileName() + " -----";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
