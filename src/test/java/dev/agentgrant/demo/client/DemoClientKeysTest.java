package dev.agentgrant.demo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance key and the DPoP proofs it signs, checked with Nimbus's verifier and the JDK's SHA-256. */
class DemoClientKeysTest {

    @Test
    void theInstanceKeyFileIsReadAndItsPublicPartHasOnlyTheRequiredMembers(@TempDir Path dir) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        Path file = dir.resolve("instance-key.json");
        Files.writeString(file, key.toJSONString());

        InstanceKey instance = InstanceKey.read(file);

        assertThat(instance.publicJwk().toJSONObject()).containsOnlyKeys("kty", "crv", "x", "y");
        assertThat(instance.thumbprint()).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    void aPublicKeyOrAPrivateKeyOfOtherCoordinatesIsNoInstanceKey(@TempDir Path dir) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        Path publicOnly = dir.resolve("public.json");
        Files.writeString(publicOnly, key.toPublicJWK().toJSONString());
        Path mixed = dir.resolve("mixed.json");
        Files.writeString(mixed, new ECKey.Builder(key).d(other.getD()).build().toJSONString());

        assertThatThrownBy(() -> InstanceKey.read(publicOnly))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'d'");
        assertThatThrownBy(() -> InstanceKey.read(mixed))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not the private key of its x and y");
    }

    @Test
    void aDpopProofNamesTheRequestWithoutQueryAndTheTokenAndVerifiesWithItsOwnJwk() throws Exception {
        InstanceKey instance = InstanceKey.of(new ECKeyGenerator(Curve.P_256).generate());
        long before = Instant.now().getEpochSecond();

        SignedJWT proof = SignedJWT.parse(
                DpopProof.sign(instance, "GET", "https://api.example/calendar?day=1#top", "the-token", "n-1", "p-1"));

        assertThat(proof.getHeader().getType()).isEqualTo(new JOSEObjectType("dpop+jwt"));
        assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(proof.getHeader().getJWK().isPrivate()).isFalse();
        assertThat(proof.verify(new ECDSAVerifier(proof.getHeader().getJWK().toECKey())))
                .isTrue();
        Map<String, Object> claims = proof.getJWTClaimsSet().toJSONObject();
        assertThat(claims)
                .containsEntry("jti", "p-1")
                .containsEntry("htm", "GET")
                .containsEntry("htu", "https://api.example/calendar")
                .containsEntry("nonce", "n-1")
                .containsEntry(
                        "ath",
                        Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(MessageDigest.getInstance("SHA-256")
                                        .digest("the-token".getBytes(StandardCharsets.US_ASCII))));
        assertThat(((Number) claims.get("iat")).longValue())
                .isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void aProofWithoutTokenOrNonceHasNeitherClaimAndARandomJti() throws Exception {
        InstanceKey instance = InstanceKey.of(new ECKeyGenerator(Curve.P_256).generate());

        SignedJWT first = SignedJWT.parse(DpopProof.sign(instance, "POST", "http://localhost/token", null, null, null));
        SignedJWT second =
                SignedJWT.parse(DpopProof.sign(instance, "POST", "http://localhost/token", null, null, null));

        assertThat(first.getJWTClaimsSet().getClaims()).containsOnlyKeys("jti", "htm", "htu", "iat");
        assertThat(first.getJWTClaimsSet().getJWTID())
                .isNotEqualTo(second.getJWTClaimsSet().getJWTID());
    }
}
