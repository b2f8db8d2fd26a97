package dev.agentgrant.demo.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every Java platform has (java.security.MessageDigest). */
public final class Sha256 {

    private Sha256() {}

    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "sha256:<hex>" of a file, the form of an in-toto subject digest. */
    public static String ofFile(Path file) throws IOException {
        return "sha256:" + HexFormat.of().formatHex(digest(Files.readAllBytes(file)));
    }
}
