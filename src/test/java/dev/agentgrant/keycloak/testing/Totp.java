package dev.agentgrant.keycloak.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP with HMAC-SHA1, 30-second steps and 6 digits: Keycloak's default OTP policy. */
public final class Totp {

    /** Keycloak's default OTP policy accepts the steps one either side of the current one (look-around 1). */
    private static final long LOOK_AROUND = 1;

    /** The last step handed out per secret: Keycloak refuses a code used once already (its policy is not reusable). */
    private static final Map<String, Long> LAST_STEP = new HashMap<>();

    private Totp() {}

    /**
     * A code Keycloak accepts now and has not seen from this test run: the current step's code, or the next step's when
     * the current one was handed out already (tests signing the same person in twice within 30 seconds), waiting for the
     * clock when even that was used.
     */
    public static synchronized String unused(byte[] secret) {
        String key = Base64.getEncoder().encodeToString(secret);
        long step = Math.max(currentStep(), LAST_STEP.getOrDefault(key, Long.MIN_VALUE) + 1);
        while (step > currentStep() + LOOK_AROUND) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        LAST_STEP.put(key, step);
        return code(secret, step * 30);
    }

    private static long currentStep() {
        return Instant.now().getEpochSecond() / 30;
    }

    /** The code for {@code secret} (the raw bytes Keycloak keys its HMAC with) at that moment. */
    public static String code(byte[] secret, long epochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash =
                    mac.doFinal(ByteBuffer.allocate(8).putLong(epochSecond / 30).array());
            // RFC 4226 §5.3 dynamic truncation.
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
