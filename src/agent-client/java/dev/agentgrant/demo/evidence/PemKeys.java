package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

/**
 * Keys in PEM (RFC 7468): PKCS#8 private keys (§10) and SubjectPublicKeyInfo public keys (§13), encoded and decoded
 * by the JDK's key factories; private files are created readable by their owner only.
 */
final class PemKeys {

    private PemKeys() {}

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] body(String text, String label, String what) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        String trimmed = text.strip();
        if (!trimmed.startsWith(begin) || !trimmed.endsWith(end)) {
            throw new ToolFailure(what + " is not a PEM " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(trimmed.substring(begin.length(), trimmed.length() - end.length()));
        } catch (IllegalArgumentException e) {
            throw new ToolFailure(what + ": PEM body is not base64");
        }
    }

    /** Writes a PKCS#8 private key readable by the owner only; false where the file system cannot restrict it. */
    static boolean writePrivate(Path file, PrivateKey key) throws IOException {
        return writeSecret(file, pem("PRIVATE KEY", key.getEncoded()));
    }

    /** Creates {@code file} with mode 600 where the file system has POSIX permissions; false where it has not. */
    static boolean writeSecret(Path file, String content) throws IOException {
        boolean restricted = true;
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
            restricted = false;
        } catch (FileAlreadyExistsException e) {
            throw new ToolFailure(file + " already exists");
        }
        Files.writeString(file, content);
        return restricted;
    }

    static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(body(Files.readString(file), "PRIVATE KEY", file.toString()));
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this key type
            }
        }
        throw new ToolFailure(file + " is neither an EC nor an RSA PKCS#8 private key");
    }

    static ECPublicKey readPublic(String pem, String what) throws GeneralSecurityException {
        return (ECPublicKey)
                KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(body(pem, "PUBLIC KEY", what)));
    }
}
