package dev.agentgrant.keycloak.attestation.jose;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Runs a check with Bouncy Castle registered as {@code BC}, as Keycloak's default crypto registers it. */
public final class WithBouncyCastle {

    /** A check that may throw. */
    public interface Check {
        void run() throws Exception;
    }

    private WithBouncyCastle() {}

    public static void run(Check check) throws Exception {
        boolean added = Security.getProvider(SignatureProviders.BOUNCY_CASTLE) == null;
        if (added) {
            Security.addProvider(new BouncyCastleProvider());
        }
        try {
            check.run();
        } finally {
            if (added) {
                Security.removeProvider(SignatureProviders.BOUNCY_CASTLE);
            }
        }
    }
}
