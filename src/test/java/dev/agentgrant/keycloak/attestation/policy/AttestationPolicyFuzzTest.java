package dev.agentgrant.keycloak.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The attestation policy JSON (docs/attestation.md, "Policies"): an admin writes it, but the parser must still
 * answer every text with a policy or a {@link PolicyProblems} listing what is wrong. An accepted policy's canonical
 * JSON is a fixed point: it parses to the same canonical JSON and version hash.
 */
class AttestationPolicyFuzzTest {

    @FuzzTest
    void policy(byte[] input) throws PolicyProblems {
        AttestationPolicy policy;
        try {
            policy = AttestationPolicy.parse(new String(input, StandardCharsets.UTF_8));
        } catch (PolicyProblems problems) {
            assertThat(problems.problems()).isNotEmpty();
            return;
        }
        assertThat(policy.sources()).isNotEmpty();
        AttestationPolicy again = AttestationPolicy.parse(policy.canonicalJson());
        assertThat(again.canonicalJson()).isEqualTo(policy.canonicalJson());
        assertThat(again.versionHash()).isEqualTo(policy.versionHash());
    }
}
