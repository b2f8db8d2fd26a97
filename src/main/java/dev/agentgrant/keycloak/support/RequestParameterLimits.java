package dev.agentgrant.keycloak.support;

import org.keycloak.Config;

/**
 * Whether Keycloak's OIDC endpoints reject oversized request parameters instead of silently dropping them.
 *
 * <p>Keycloak caps every token-endpoint parameter. Token parameters ({@code subject_token}, {@code actor_token})
 * fail fast by default, but any other parameter above its limit is <em>dropped</em> unless
 * {@code add-req-params-fail-fast} is on. For an agent, a dropped {@code scope} would mean "all approved scopes",
 * so the extension wants both switches on and says so at start-up and on the server info page.
 *
 * <p>The option names and defaults are those of Keycloak's {@code OIDCLoginProtocolFactory} /
 * {@code OIDCProviderConfig} (26.7).
 */
public record RequestParameterLimits(boolean parametersFailFast, boolean tokenParametersFailFast) {

    /** Keycloak's SPI and provider whose options these are. */
    static final String SPI = "login-protocol";

    static final String PROVIDER = "openid-connect";

    public static final String PARAMS_FAIL_FAST = "add-req-params-fail-fast";
    public static final String TOKEN_PARAMS_FAIL_FAST = "add-req-token-params-fail-fast";

    /** Keycloak's own defaults when the options are not set. */
    static final boolean DEFAULT_PARAMS_FAIL_FAST = false;

    static final boolean DEFAULT_TOKEN_PARAMS_FAIL_FAST = true;

    /** Reads the options of the {@code login-protocol} SPI's {@code openid-connect} provider. */
    public static RequestParameterLimits fromServerConfig() {
        return from(Config.scope(SPI, PROVIDER));
    }

    static RequestParameterLimits from(Config.Scope oidc) {
        return new RequestParameterLimits(
                oidc.getBoolean(PARAMS_FAIL_FAST, DEFAULT_PARAMS_FAIL_FAST),
                oidc.getBoolean(TOKEN_PARAMS_FAIL_FAST, DEFAULT_TOKEN_PARAMS_FAIL_FAST));
    }

    /** True when no oversized parameter can be silently dropped. */
    public boolean safe() {
        return parametersFailFast && tokenParametersFailFast;
    }

    /** The server options an admin has to set to make {@link #safe()} true; empty when already safe. */
    public String remedy() {
        StringBuilder options = new StringBuilder();
        if (!parametersFailFast) {
            options.append(commandLine(PARAMS_FAIL_FAST)).append("=true");
        }
        if (!tokenParametersFailFast) {
            if (options.length() > 0) {
                options.append(' ');
            }
            options.append(commandLine(TOKEN_PARAMS_FAIL_FAST)).append("=true");
        }
        return options.toString();
    }

    /** The option as Keycloak 26 spells it on the command line: {@code --spi-<spi>--<provider>--<option>}. */
    public static String commandLine(String option) {
        return "--spi-" + SPI + "--" + PROVIDER + "--" + option;
    }
}
