package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class RequestParameterLimitsTest {

    private static final String PREFIX = "agentgrant.test.oidc.";

    @AfterEach
    void clearProperties() {
        System.clearProperty(PREFIX + RequestParameterLimits.PARAMS_FAIL_FAST);
        System.clearProperty(PREFIX + RequestParameterLimits.TOKEN_PARAMS_FAIL_FAST);
    }

    private static RequestParameterLimits read() {
        return RequestParameterLimits.from(new Config.SystemPropertiesScope(PREFIX));
    }

    @Test
    void keycloakDefaultsDropOversizedParametersAndAreReportedUnsafe() {
        RequestParameterLimits limits = read();

        assertThat(limits.parametersFailFast()).isFalse();
        assertThat(limits.tokenParametersFailFast()).isTrue();
        assertThat(limits.safe()).isFalse();
        assertThat(limits.remedy()).isEqualTo("--spi-login-protocol--openid-connect--add-req-params-fail-fast=true");
    }

    @Test
    void bothSwitchesOnIsSafeAndNeedsNoRemedy() {
        System.setProperty(PREFIX + RequestParameterLimits.PARAMS_FAIL_FAST, "true");

        RequestParameterLimits limits = read();

        assertThat(limits.safe()).isTrue();
        assertThat(limits.remedy()).isEmpty();
    }

    @Test
    void tokenParametersTurnedOffIsUnsafeEvenWithOtherParametersFailingFast() {
        System.setProperty(PREFIX + RequestParameterLimits.PARAMS_FAIL_FAST, "true");
        System.setProperty(PREFIX + RequestParameterLimits.TOKEN_PARAMS_FAIL_FAST, "false");

        RequestParameterLimits limits = read();

        assertThat(limits.safe()).isFalse();
        assertThat(limits.remedy())
                .isEqualTo("--spi-login-protocol--openid-connect--add-req-token-params-fail-fast=true");
    }

    @Test
    void bothSwitchesOffNameBothOptions() {
        System.setProperty(PREFIX + RequestParameterLimits.TOKEN_PARAMS_FAIL_FAST, "false");

        assertThat(read().remedy())
                .isEqualTo("--spi-login-protocol--openid-connect--add-req-params-fail-fast=true "
                        + "--spi-login-protocol--openid-connect--add-req-token-params-fail-fast=true");
    }
}
