package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpopBindingTest {

    private static final String PINNED = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    /** proof key ('-' no proof) | DPoP required | outcome: the bound jkt, 'bearer', or a refusal reason. */
    @ParameterizedTest(name = "proof {0}, required {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs | true  | NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
                "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs | false | NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
                "-                                           | false | bearer",
                "-                                           | true  | !dpop_missing",
                "another-key-thumbprint                      | true  | !dpop_key_mismatch",
                "another-key-thumbprint                      | false | !dpop_key_mismatch"
            })
    void theProofMustUseThePinnedInstanceKey(String proof, boolean required, String outcome) throws ExchangeRefusal {
        Optional<String> thumbprint = proof.equals("-") ? Optional.empty() : Optional.of(proof);
        if (outcome.startsWith("!")) {
            assertThatThrownBy(() -> DpopBinding.check(thumbprint, required, PINNED))
                    .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                        assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_DPOP_PROOF);
                        assertThat(refusal.reason()).isEqualTo(outcome.substring(1));
                    });
        } else {
            assertThat(DpopBinding.check(thumbprint, required, PINNED))
                    .isEqualTo(outcome.equals("bearer") ? Optional.empty() : Optional.of(outcome));
        }
    }
}
