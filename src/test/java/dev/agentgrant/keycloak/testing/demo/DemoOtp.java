package dev.agentgrant.keycloak.testing.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A user's OTP credential from a realm file, as an authenticator app takes it. Keycloak stores the raw secret
 * ({@code secretData.value}) and uses its UTF-8 bytes as the HMAC key (RFC 6238); apps want those bytes in Base32
 * (RFC 4648 §6), inside an {@code otpauth://} URI (the Key Uri Format authenticator apps share).
 */
record DemoOtp(String base32Secret, String algorithm, int digits, int period) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** The TOTP credential of a realm file's {@code credentials[]} entry, if it is one. */
    static Optional<DemoOtp> of(JsonNode credential) {
        if (!"otp".equals(credential.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode secret = parse(credential.path("secretData").asText());
        JsonNode data = parse(credential.path("credentialData").asText());
        if (!"totp".equals(data.path("subType").asText()) || !secret.hasNonNull("value")) {
            return Optional.empty();
        }
        // Keycloak names the algorithm HmacSHA1 / HmacSHA256 / HmacSHA512; otpauth URIs say SHA1 / SHA256 / SHA512.
        String algorithm = data.path("algorithm").asText("HmacSHA1").replaceFirst("^Hmac", "");
        return Optional.of(new DemoOtp(
                base32(secret.path("value").asText().getBytes(StandardCharsets.UTF_8)),
                algorithm,
                data.path("digits").asInt(6),
                data.path("period").asInt(30)));
    }

    /** The URI an authenticator app reads from a QR code or a paste, for {@code account} at {@code issuer}. */
    String uri(String issuer, String account) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32Secret + "&issuer="
                + encode(issuer) + "&algorithm=" + algorithm + "&digits=" + digits + "&period=" + period;
    }

    /** RFC 4648 §6 Base32 without padding, the form authenticator apps accept. */
    static String base32(byte[] bytes) {
        StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return text.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isEmpty() ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException("OTP credential data is not JSON: " + json, e);
        }
    }
}
