package dev.agentgrant.keycloak.attestation.intoto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The DSSE pre-authentication encoding (DSSE protocol v1, "Signature Definition"): what a DSSE signature is
 * computed over, so that the payload type is authenticated together with the payload.
 * <pre>
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * </pre>
 * with {@code LEN} the ASCII decimal byte length without leading zeros and {@code type} the UTF-8 bytes of the
 * payload type.
 */
public final class Pae {

    private static final byte SP = 0x20;
    private static final byte[] PREFIX = "DSSEv1".getBytes(StandardCharsets.US_ASCII);

    private Pae() {}

    public static byte[] encode(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX.length + type.length + body.length + 24);
        out.writeBytes(PREFIX);
        out.write(SP);
        out.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
        out.write(SP);
        out.writeBytes(type);
        out.write(SP);
        out.writeBytes(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        out.write(SP);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
