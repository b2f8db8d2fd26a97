package dev.agentgrant.demo.evidence;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;

/** What a command runs with: the state directory and the three standard streams. */
record Context(StateDir state, InputStream in, PrintStream out, PrintStream err) {

    Instant now() {
        return Instant.now();
    }
}
