package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.Sha256;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Checks and readings of option values that several commands share. */
final class Inputs {

    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);

    private Inputs() {}

    static String url(String value, String option) {
        if (!value.matches("https?://[^\\s]+")) {
            throw new UsageError(option + " must be an http(s) URL");
        }
        return value;
    }

    /**
     * Exactly one of --digest ALG:HEX and --file PATH (its sha256): the digest of an artifact, in the form of an in-toto
     * subject digest, lowercase hex.
     */
    static String digest(Arguments args) throws IOException {
        if (args.has("digest") == args.has("file")) {
            throw new UsageError("give exactly one of --digest and --file");
        }
        String digest = args.has("file") ? Sha256.ofFile(Path.of(args.required("file"))) : args.required("digest");
        int colon = digest.indexOf(':');
        Integer length = colon < 0 ? null : DIGEST_LENGTHS.get(digest.substring(0, colon));
        if (length == null
                || digest.length() - colon - 1 != length
                || !digest.substring(colon + 1).matches("[0-9a-f]+")) {
            throw new UsageError("--digest must be sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>, lowercase");
        }
        return digest;
    }

    /** --jti, or a random UUID: the single-use id of a presentation or a DPoP proof. */
    static String jti(Arguments args) {
        String jti = args.value("jti", UUID.randomUUID().toString());
        if (!jti.matches("[\\x21-\\x7e]{1,128}")) {
            throw new UsageError("--jti must be 1–128 printable ASCII characters");
        }
        return jti;
    }

    /** {@code @FILE} (the file's content), {@code @-} (standard input) or the value itself; not trimmed. */
    static String read(String value, Context context) throws IOException {
        if (value.equals("@-")) {
            return utf8(context.in().readAllBytes(), "standard input");
        }
        if (value.startsWith("@")) {
            return utf8(Files.readAllBytes(Path.of(value.substring(1))), value.substring(1));
        }
        return value;
    }

    /** A required option's text, read as {@link #read} does, trimmed and not empty. */
    static String text(Arguments args, String option, Context context) throws IOException {
        String text = read(args.required(option), context).trim();
        if (text.isEmpty()) {
            throw new UsageError("--" + option + " is empty");
        }
        return text;
    }

    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ToolFailure(what + " is not UTF-8 text");
        }
    }
}
