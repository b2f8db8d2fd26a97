package dev.agentgrant.keycloak.attestation.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.support.WireContract;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The attestation presentation (docs/wire-contract.md, "Attestation presentation"): any {@code actor_token} is a
 * {@link VerifiedPresentation} or an {@link EvidenceRejected}. Two harnesses: the token as received, and a token whose
 * header and claims the fuzzer writes and the harness signs, so that inputs get past the signature into the claims,
 * the {@code cnf.jwk} and the evidence items. An accepted signed presentation is bound to the one key that signed it.
 */
class PresentationFuzzTest {

    private static final String AGENT = "demo-agent";
    private static final String REALM = "https://sso.example.com/realms/acme";
    /** The clock the seeds were written for: their iat. */
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static final String DEFAULT_HEADER = "{\"alg\":\"ES256\",\"typ\":\"agent-attestation+jwt\"}";

    /** The P-256 example key of RFC 7515 Appendix A.3: a published test key, so that seeds can carry its JWK. */
    private static final ECKey SIGNER = signer();

    private final PresentationVerifier verifier = new PresentationVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    void compactPresentation(byte[] input) {
        verify(new String(input, StandardCharsets.UTF_8));
    }

    /** The input is the header JSON, a line feed, then the claims JSON; without a line feed, all of it is the claims. */
    @FuzzTest
    void signedPresentation(byte[] input) throws JOSEException {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String header = newline < 0 ? DEFAULT_HEADER : text.substring(0, newline);
        String claims = newline < 0 ? text : text.substring(newline + 1);
        String compact = TestJws.sign(header, claims, "ES256", privateKey());
        VerifiedPresentation presentation = verify(compact);
        if (presentation != null) {
            assertThat(presentation.instanceKeyThumbprint())
                    .isEqualTo(SIGNER.computeThumbprint().toString());
        }
    }

    private VerifiedPresentation verify(String compact) {
        VerifiedPresentation presentation;
        try {
            presentation = verifier.verify(compact, AGENT, REALM);
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return null;
        }
        assertThat(presentation.issuer()).isEqualTo(AGENT);
        assertThat(presentation.instanceKey().isPrivate()).isFalse();
        assertThat(presentation.evidence()).hasSizeLessThanOrEqualTo(WireContract.MAX_EVIDENCE_ITEMS);
        return presentation;
    }

    private static PrivateKey privateKey() throws JOSEException {
        return SIGNER.toECPrivateKey();
    }

    private static ECKey signer() {
        try {
            return ECKey.parse("{\"kty\":\"EC\",\"crv\":\"P-256\","
                    + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                    + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
                    + "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}");
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
