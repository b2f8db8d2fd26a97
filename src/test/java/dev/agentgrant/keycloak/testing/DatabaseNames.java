package dev.agentgrant.keycloak.testing;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Names of the per-run databases on the shared local database servers. */
public final class DatabaseNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseNames() {}

    public static String fresh() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return "agentgrant_it_" + HexFormat.of().formatHex(suffix);
    }
}
