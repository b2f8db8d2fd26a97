package dev.agentgrant.demo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.agentgrant.demo.client.DpopProof;
import dev.agentgrant.demo.client.InstanceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The demo API's proof checks in isolation (RFC 9449 §4.3): a proof the client signs verifies, names its key's
 * thumbprint, and passes the claim checks once; what is not a compact JWS is refused with a reason.
 */
class DemoApiProofVerifierTest {

    private static final String URL = "http://localhost:8090/calendar";
    private static final IntrospectionCache NO_CACHE = new IntrospectionCache(Duration.ZERO, Clock.systemUTC());

    @Test
    void aClientProofVerifiesWithItsThumbprintAndItsClaimsPassOnce() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String proof = DpopProof.sign(InstanceKey.of(key), "GET", URL, "token-1", null, null);
        Guard guard = new Guard(URL, "demo-api", null, NO_CACHE, Clock.systemUTC());

        ProofVerifier.Proof verified = ProofVerifier.verify(proof);

        assertThat(verified.jkt()).isEqualTo(key.computeThumbprint().toString());
        assertThat(guard.claimProblem(verified.claims(), "GET", "token-1")).isNull();
        assertThat(guard.claimProblem(verified.claims(), "GET", "token-1"))
                .isEqualTo("the proof was used before (jti)");
    }

    @Test
    void theClaimChecksNameWhatIsWrong() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        ProofVerifier.Proof verified =
                ProofVerifier.verify(DpopProof.sign(InstanceKey.of(key), "GET", URL, "token-1", null, null));
        Guard later = new Guard(
                URL, "demo-api", null, NO_CACHE, Clock.fixed(Instant.now().plusSeconds(120), ZoneOffset.UTC));
        Guard elsewhere = new Guard("http://localhost:8091/calendar", "demo-api", null, NO_CACHE, Clock.systemUTC());
        Guard guard = new Guard(URL, "demo-api", null, NO_CACHE, Clock.systemUTC());

        assertThat(guard.claimProblem(verified.claims(), "POST", "token-1")).isEqualTo("htm is not POST");
        assertThat(elsewhere.claimProblem(verified.claims(), "GET", "token-1")).startsWith("htu is not");
        assertThat(later.claimProblem(verified.claims(), "GET", "token-1"))
                .isEqualTo("iat is not within the last 60 s");
        assertThat(guard.claimProblem(verified.claims(), "GET", "token-2"))
                .isEqualTo("ath is not the hash of the access token");
    }

    @Test
    void whatIsNoCompactJwsIsRefused() {
        assertThatThrownBy(() -> ProofVerifier.verify("not-a-jws"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the proof is not a compact JWS");
        assertThatThrownBy(() -> ProofVerifier.verify("a.b.c.d.e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the proof is not a compact JWS");
        assertThatThrownBy(() -> ProofVerifier.verify("e30.e30.c2ln"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the proof's typ is not dpop+jwt");
    }
}
