package dev.agentgrant.keycloak.grant.request;

import static dev.agentgrant.keycloak.grant.request.GrantRequestParameters.*;
import static dev.agentgrant.keycloak.support.OAuthError.INVALID_REQUEST;
import static dev.agentgrant.keycloak.support.OAuthError.INVALID_SCOPE;
import static dev.agentgrant.keycloak.support.OAuthError.INVALID_TARGET;
import static dev.agentgrant.keycloak.support.OAuthError.UNAUTHORIZED_CLIENT;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.agent.ScopeToken;
import dev.agentgrant.keycloak.support.ColumnLimits;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether the form of {@code POST /realms/{realm}/agent-grant/requests} (docs/wire-contract.md, "Request a
 * grant") is a request the agent may make, before anything is stored or the presentation is verified. The checks run in a fixed order and the first
 * failure answers: the agent's own standing, the form's shape (unknown, repeated or oversized parameters), the
 * presentation's type, audience, scope, purpose, lifetime, use limit, login hint, and last the
 * {@code authorization_details}, which must agree with all of them.
 *
 * <p>The audience is looked up only once the profile allows it, so an agent cannot probe which clients exist; a
 * missing client and a forbidden one get the same description.
 */
public final class GrantRequestValidator {

    /** A positive decimal number as the wire carries it: no sign, no leading zeros. */
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]*");
    /** Digits beyond which a number is above any cap (a long holds 18 digits safely). */
    private static final int MAX_DIGITS = 18;

    private final Predicate<String> audienceExists;
    private final Function<String, String> audienceLocation;

    /**
     * @param audienceExists   whether a client with that client_id exists in the realm (and may be an audience)
     * @param audienceLocation the one URI an {@code agent_task}'s {@code locations} must hold for that audience
     *                         (the realm issuer: the audience is a client of the same realm)
     */
    public GrantRequestValidator(Predicate<String> audienceExists, Function<String, String> audienceLocation) {
        this.audienceExists = audienceExists;
        this.audienceLocation = audienceLocation;
    }

    /**
     * @param profile the profile of the authenticated client
     * @param form    every form parameter with all its values, as received (so that repeats are visible)
     */
    public GrantRequest validate(AgentProfile profile, Map<String, List<String>> form) throws InvalidRequest {
        checkStanding(profile);
        FormParameters parameters = FormParameters.of(form);
        String actorToken = actorToken(parameters);
        String audience = audience(parameters, profile);
        Set<String> scopes = scopes(parameters, profile);
        String purpose = parameters.get(PURPOSE).orElseThrow(() -> missing(PURPOSE));
        String shownPurpose = purpose(purpose);
        Duration lifetime = Duration.ofSeconds(number(
                parameters, REQUESTED_LIFETIME, profile.maxGrantLifetime().getSeconds(), "lifetime", "seconds"));
        int maxUses = (int) number(parameters, MAX_USES, profile.maxUses(), "max_uses", "uses");
        Optional<String> loginHint = loginHint(parameters, profile);
        Optional<String> details = parameters.get(AUTHORIZATION_DETAILS);
        if (details.isPresent()) {
            AgentTaskDetails.checkAgreement(details.get(), scopes, audienceLocation.apply(audience), purpose);
        }
        return new GrantRequest(audience, scopes, shownPurpose, lifetime, maxUses, loginHint, actorToken);
    }

    private static void checkStanding(AgentProfile profile) throws InvalidRequest {
        if (profile == null || !profile.enabled()) {
            throw new InvalidRequest(UNAUTHORIZED_CLIENT, "not_an_agent", "The client is not an agent");
        }
        if (profile.suspended()) {
            throw new InvalidRequest(UNAUTHORIZED_CLIENT, "agent_suspended", "The agent is suspended");
        }
        if (profile.attestationPolicy().isEmpty()) {
            // Without a policy no presentation can pass; refuse before storing anything (fail closed).
            throw new InvalidRequest(
                    UNAUTHORIZED_CLIENT, "no_attestation_policy", "The agent has no attestation policy");
        }
    }

    /** RFC 8693 §2.1: the presentation and its type travel together, and the type is the one we define. */
    private static String actorToken(FormParameters parameters) throws InvalidRequest {
        Optional<String> token = parameters.get(ACTOR_TOKEN);
        Optional<String> type = parameters.get(ACTOR_TOKEN_TYPE);
        if (token.isEmpty()) {
            throw new InvalidRequest(
                    INVALID_REQUEST, "missing_actor_token", "actor_token (an attestation presentation) is required");
        }
        if (type.isEmpty()) {
            throw new InvalidRequest(
                    INVALID_REQUEST, "missing_actor_token_type", "actor_token_type is required with actor_token");
        }
        if (!type.get().equals(WireContract.ATTESTATION_TOKEN_TYPE)) {
            throw new InvalidRequest(
                    INVALID_REQUEST,
                    "unsupported_actor_token_type",
                    "actor_token_type must be " + WireContract.ATTESTATION_TOKEN_TYPE);
        }
        return token.get();
    }

    private String audience(FormParameters parameters, AgentProfile profile) throws InvalidRequest {
        String audience = parameters
                .get(AUDIENCE)
                .orElseThrow(() -> new InvalidRequest(INVALID_TARGET, "missing_audience", "audience is required"));
        if (!ScopeToken.isValid(audience) || !ColumnLimits.fits(audience, ColumnLimits.AUDIENCE)) {
            throw new InvalidRequest(INVALID_TARGET, "malformed_audience", "audience must be exactly one client_id");
        }
        String notAllowed = "audience is not a client this agent may request";
        if (!profile.allowsAudience(audience)) {
            throw new InvalidRequest(INVALID_TARGET, "audience_not_allowed", notAllowed);
        }
        if (!audienceExists.test(audience)) {
            throw new InvalidRequest(INVALID_TARGET, "unknown_audience", notAllowed);
        }
        return audience;
    }

    /**
     * RFC 6749 §3.3: {@code scope = scope-token *( SP scope-token )}, read strictly — one space between names, none
     * around them. A missing scope is refused: it never means "every allowed scope" (docs/wire-contract.md,
     * "Request a grant": {@code scope} is required).
     */
    private static Set<String> scopes(FormParameters parameters, AgentProfile profile) throws InvalidRequest {
        String scope = parameters
                .get(SCOPE)
                .orElseThrow(() -> new InvalidRequest(INVALID_SCOPE, "missing_scope", "scope is required"));
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : scope.split(" ", -1)) {
            if (!ScopeToken.isValid(name)) {
                throw new InvalidRequest(
                        INVALID_SCOPE,
                        "malformed_scope",
                        "scope must be scope names separated by single spaces (RFC 6749 §3.3)");
            }
            if (AgentProfileOptions.FORBIDDEN_SCOPES.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidRequest(
                        INVALID_SCOPE, "forbidden_scope", "scope " + name + " may never be requested by an agent");
            }
            if (!scopes.add(name)) {
                throw new InvalidRequest(INVALID_SCOPE, "duplicate_scope", "scope " + name + " is requested twice");
            }
            if (!profile.allowsScope(name)) {
                throw new InvalidRequest(
                        INVALID_SCOPE,
                        "scope_not_allowed",
                        "scope " + name + " is not within this agent's allowed scopes");
            }
        }
        if (!ColumnLimits.fits(String.join(" ", scopes), ColumnLimits.SCOPE)) {
            throw new InvalidRequest(
                    INVALID_SCOPE, "scope_too_long", "scope exceeds " + ColumnLimits.SCOPE + " characters");
        }
        return scopes;
    }

    /**
     * What the human reads is labelled as the agent's words and must show as written (docs/wire-contract.md, "Request
     * a grant": no control, bidi-override or zero-width characters).
     */
    private static String purpose(String purpose) throws InvalidRequest {
        if (PlainText.length(purpose) > MAX_PURPOSE_LENGTH) {
            throw new InvalidRequest(
                    INVALID_REQUEST, "purpose_too_long", "purpose exceeds " + MAX_PURPOSE_LENGTH + " characters");
        }
        Optional<String> forbidden = PlainText.firstForbidden(purpose);
        if (forbidden.isPresent()) {
            throw new InvalidRequest(
                    INVALID_REQUEST,
                    "purpose_forbidden_character",
                    "purpose must be plain text on one line, "
                            + "without control, bidi, zero-width or invisible formatting characters: "
                            + forbidden.get());
        }
        if (PlainText.isBlank(purpose)) {
            throw new InvalidRequest(INVALID_REQUEST, "blank_purpose", "purpose is blank");
        }
        String shown = PlainText.trim(purpose);
        // 300 code points are at most 600 UTF-16 units, the column's size; checked so that no limit can drift apart.
        if (!ColumnLimits.fits(shown, ColumnLimits.PURPOSE)) {
            throw new InvalidRequest(
                    INVALID_REQUEST, "purpose_too_long", "purpose exceeds " + MAX_PURPOSE_LENGTH + " characters");
        }
        return shown;
    }

    /** An optional positive number within the profile's cap; the cap itself when absent. */
    private static long number(FormParameters parameters, String name, long cap, String reason, String unit)
            throws InvalidRequest {
        Optional<String> value = parameters.get(name);
        if (value.isEmpty()) {
            return cap;
        }
        if (!POSITIVE.matcher(value.get()).matches()) {
            throw new InvalidRequest(INVALID_REQUEST, "invalid_" + reason, name + " must be a positive whole number");
        }
        if (value.get().length() > MAX_DIGITS || Long.parseLong(value.get()) > cap) {
            throw new InvalidRequest(
                    INVALID_REQUEST,
                    reason + "_above_maximum",
                    name + " exceeds this agent's maximum of " + cap + " " + unit);
        }
        return Long.parseLong(value.get());
    }

    private static Optional<String> loginHint(FormParameters parameters, AgentProfile profile) throws InvalidRequest {
        Optional<String> hint = parameters.get(LOGIN_HINT);
        if (hint.isEmpty()) {
            if (profile.requireLoginHint()) {
                throw new InvalidRequest(
                        INVALID_REQUEST,
                        "missing_login_hint",
                        "login_hint is required: this agent must name the human expected to approve");
            }
            return hint;
        }
        // Blanks around the hint are refused rather than trimmed: at approval it must match a username or email
        // exactly.
        if (!ColumnLimits.fits(hint.get(), MAX_LOGIN_HINT_LENGTH)
                || !PlainText.trim(hint.get()).equals(hint.get())
                || PlainText.isBlank(hint.get())
                || PlainText.firstForbidden(hint.get()).isPresent()) {
            throw new InvalidRequest(
                    INVALID_REQUEST,
                    "invalid_login_hint",
                    "login_hint must be a username or email address of at most " + MAX_LOGIN_HINT_LENGTH
                            + " visible characters (UTF-16 code units: a character beyond U+FFFF counts two)");
        }
        return hint;
    }

    private static InvalidRequest missing(String parameter) {
        return new InvalidRequest(INVALID_REQUEST, "missing_" + parameter, parameter + " is required");
    }
}
