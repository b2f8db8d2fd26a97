package dev.agentgrant.keycloak.load.scale;

import java.util.Locale;

/**
 * {@code -Dload.mode}: empty for the token-endpoint benchmark, {@code scale} for {@link ScaleBenchmark}, {@code soak}
 * for {@link SoakBenchmark}. A failed verdict ends the JVM with status 1, so {@code ./mvnw -Pload} fails too.
 */
public final class LoadModes {

    private LoadModes() {}

    /** Runs the mode named, if it is one of these; answers whether it did. */
    public static boolean ran(String mode) throws Exception {
        boolean passed;
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "", "tokens" -> {
                return false;
            }
            case "scale" -> passed = ScaleBenchmark.run(System.out);
            case "soak" -> passed = SoakBenchmark.run(System.out);
            default ->
                throw new IllegalArgumentException(
                        "load.mode is scale, soak or empty (the token benchmark), not " + mode);
        }
        System.out.flush();
        if (!passed) {
            System.exit(1);
        }
        return true;
    }
}
