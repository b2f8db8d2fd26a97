package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** DSSE protocol, "Signature Definition" and "Test Vectors". */
class PaeTest {

    @Test
    void encodesTheSpecificationsTestVector() {
        byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(pae, StandardCharsets.US_ASCII))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void emptyTypeAndBodyStillCarryTheirLengths() {
        assertThat(new String(Pae.encode("", new byte[0]), StandardCharsets.US_ASCII))
                .isEqualTo("DSSEv1 0  0 ");
    }

    @Test
    void lengthsCountUtf8BytesNotCharacters() {
        byte[] pae = Pae.encode("application/é", new byte[] {0, (byte) 0xff});

        byte[] expected = new byte["DSSEv1 14 application/é 2 ".getBytes(StandardCharsets.UTF_8).length + 2];
        byte[] head = "DSSEv1 14 application/é 2 ".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, expected, 0, head.length);
        expected[head.length + 1] = (byte) 0xff;
        assertThat(pae).isEqualTo(expected);
    }

    @Test
    void aTypeAndBodyCannotBeShiftedIntoEachOther() {
        // Without lengths, ("a b", "c") and ("a", "b c") would sign the same bytes.
        assertThat(Pae.encode("a b", "c".getBytes(StandardCharsets.US_ASCII)))
                .isNotEqualTo(Pae.encode("a", "b c".getBytes(StandardCharsets.US_ASCII)));
    }
}
