package dev.agentgrant.keycloak.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP with HMAC-SHA1, 30-second steps and 6 digits: Keycloak's default OTP policy. */
public final class Totp {

    private Totp() {}

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
