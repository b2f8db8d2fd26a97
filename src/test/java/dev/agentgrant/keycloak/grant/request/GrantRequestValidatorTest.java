package dev.agentgrant.keycloak.grant.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.support.ColumnLimits;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grant request form (docs/wire-contract.md, "Request a grant") against the agent's profile, in the contract's
 * order of checks.
 */
class GrantRequestValidatorTest {

    private static final String ISSUER = "https://sso.example.com/realms/acme";
    private static final String PURPOSE = "Move tomorrow's 9:00 meeting with Dana to Friday";
    private static final String PRESENTATION = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhZ2VudCJ9.c2ln";
    /** Clients of the realm: other-api exists but the agent may not name it; ghost-api is allowed but does not exist. */
    private static final Set<String> REALM_CLIENTS = Set.of("calendar-api", "mail-api", "other-api", "account");

    private final List<String> lookedUp = new ArrayList<>();
    private final GrantRequestValidator validator = new GrantRequestValidator(
            clientId -> {
                lookedUp.add(clientId);
                return REALM_CLIENTS.contains(clientId);
            },
            clientId -> ISSUER);

    private static Map<String, String> profileAttributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("agent-grant.enabled", "true");
        attributes.put("agent-grant.allowed-audiences", "calendar-api mail-api ghost-api");
        attributes.put("agent-grant.allowed-scopes", "calendar.read calendar.write mail.send");
        attributes.put("agent-grant.max-grant-lifetime", "7200");
        attributes.put("agent-grant.max-uses", "50");
        attributes.put("agent-grant.attestation-policy", "production-agents");
        return attributes;
    }

    private static AgentProfile profile(Map<String, String> changes) {
        Map<String, String> attributes = profileAttributes();
        changes.forEach((name, value) -> {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        });
        try {
            return AgentProfile.read(attributes);
        } catch (AgentProfileProblems e) {
            throw new AssertionError(e.problems());
        }
    }

    /** A valid request form that each case bends. */
    static final class Form {
        final Map<String, List<String>> parameters = new LinkedHashMap<>();

        Form() {
            set("client_id", "calendar-agent");
            set("audience", "calendar-api");
            set("scope", "calendar.write calendar.read");
            set("purpose", PURPOSE);
            set("actor_token", PRESENTATION);
            set("actor_token_type", WireContract.ATTESTATION_TOKEN_TYPE);
        }

        Form set(String name, String value) {
            parameters.put(name, new ArrayList<>(Arrays.asList(value)));
            return this;
        }

        Form add(String name, String value) {
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        Form remove(String name) {
            parameters.remove(name);
            return this;
        }
    }

    private static String details(String actions, String locations, String extra) {
        return "[{\"type\":\"agent_task\",\"actions\":" + actions + ",\"locations\":" + locations + extra + "}]";
    }

    private static final String GOOD_DETAILS =
            details("[\"calendar.write\",\"calendar.read\"]", "[\"" + ISSUER + "\"]", "");

    // ---- accepted requests -------------------------------------------------------------------------------------

    @Test
    void aMinimalRequestTakesTheProfilesLimitsAsDefaults() throws InvalidRequest {
        GrantRequest request = validator.validate(profile(Map.of()), new Form().parameters);

        assertThat(request.audience()).isEqualTo("calendar-api");
        assertThat(request.scopes()).containsExactly("calendar.write", "calendar.read");
        assertThat(request.scope()).isEqualTo("calendar.write calendar.read");
        assertThat(request.purpose()).isEqualTo(PURPOSE);
        assertThat(request.lifetime()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(request.maxUses()).isEqualTo(50);
        assertThat(request.loginHint()).isEmpty();
        assertThat(request.actorToken()).isEqualTo(PRESENTATION);
        assertThat(request.toString()).doesNotContain(PRESENTATION);
    }

    @Test
    void everyOptionalParameterIsTaken() throws InvalidRequest {
        Form form = new Form()
                .set("requested_lifetime", "600")
                .set("max_uses", "3")
                .set("login_hint", "dana@example.com")
                .set(
                        "authorization_details",
                        details(
                                "[\"calendar.read\",\"calendar.write\"]",
                                "[\"" + ISSUER + "\"]",
                                ",\"purpose\":\"" + PURPOSE + "\""))
                .set("client_secret", "s3cret")
                .set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .set("client_assertion", "a.b.c");

        GrantRequest request =
                validator.validate(profile(Map.of("agent-grant.require-login-hint", "true")), form.parameters);

        assertThat(request.lifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(request.maxUses()).isEqualTo(3);
        assertThat(request.loginHint()).contains("dana@example.com");
    }

    @Test
    void theCapsThemselvesAreAccepted() throws InvalidRequest {
        GrantRequest request = validator.validate(
                profile(Map.of()), new Form().set("requested_lifetime", "7200").set("max_uses", "50").parameters);

        assertThat(request.lifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(request.maxUses()).isEqualTo(50);
    }

    @Test
    void parametersSentWithoutValueCountAsOmitted() throws InvalidRequest {
        // RFC 6749 §3.1; omitted optional parameters take the profile's values, never "unlimited".
        GrantRequest request = validator.validate(
                profile(Map.of()),
                new Form()
                        .set("requested_lifetime", "")
                        .set("max_uses", "")
                        .set("login_hint", "")
                        .set("authorization_details", "")
                        .set("client_secret", null)
                        .parameters);

        assertThat(request.lifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(request.maxUses()).isEqualTo(50);
        assertThat(request.loginHint()).isEmpty();
    }

    @Test
    void aLoginHintIsCountedInUtf16UnitsLikeItsColumnAndAcceptedAtTheLimit() throws InvalidRequest {
        // 127 x U+1F600 and one letter: 128 code points, 255 UTF-16 units, exactly the column's size on H2.
        String hint = "\ud83d\ude00".repeat(127) + "a";

        assertThat(validator
                        .validate(profile(Map.of()), new Form().set("login_hint", hint).parameters)
                        .loginHint())
                .hasValueSatisfying(value -> assertThat(value).hasSize(255));
    }

    @Test
    void aPurposeOf300SupplementaryCharactersFitsItsColumn() throws InvalidRequest {
        String purpose = "\ud83d\ude00".repeat(300);

        GrantRequest request = validator.validate(profile(Map.of()), new Form().set("purpose", purpose).parameters);

        assertThat(request.purpose()).hasSize(ColumnLimits.PURPOSE);
    }

    @Test
    void aPresentationAtTheTokenParameterLimitIsAccepted() throws InvalidRequest {
        String longest = "a".repeat(GrantRequestParameters.MAX_TOKEN_LENGTH);

        assertThat(validator
                        .validate(profile(Map.of()), new Form().set("actor_token", longest).parameters)
                        .actorToken())
                .hasSize(20_000);
    }

    @Test
    void thePurposeIsTrimmedAndMayBeWrittenInAnyScript() throws InvalidRequest {
        Map<String, String> purposes = new LinkedHashMap<>();
        purposes.put("  \u00a0" + PURPOSE + " \u3000", PURPOSE);
        purposes.put("Déplacer la réunion de demain à vendredi", "Déplacer la réunion de demain à vendredi");
        purposes.put(
                "Vie\u0323\u0302t (four stacked marks: a\u0300\u0301\u0302\u0303)",
                "Vie\u0323\u0302t (four stacked marks: a\u0300\u0301\u0302\u0303)");
        purposes.put(
                "\u05d4\u05e2\u05d1\u05e8 \u05d0\u05ea \u05d4\u05e4\u05d2\u05d9\u05e9\u05d4",
                "\u05d4\u05e2\u05d1\u05e8 \u05d0\u05ea \u05d4\u05e4\u05d2\u05d9\u05e9\u05d4");
        purposes.put(
                "\u0646\u0642\u0644 \u0627\u0644\u0627\u062c\u062a\u0645\u0627\u0639",
                "\u0646\u0642\u0644 \u0627\u0644\u0627\u062c\u062a\u0645\u0627\u0639");
        purposes.put("会議を金曜日に移動する \ud83d\udcc5", "会議を金曜日に移動する \ud83d\udcc5");
        purposes.put("\ud83d\udcc5".repeat(300), "\ud83d\udcc5".repeat(300));
        for (Map.Entry<String, String> purpose : purposes.entrySet()) {
            GrantRequest request =
                    validator.validate(profile(Map.of()), new Form().set("purpose", purpose.getKey()).parameters);
            assertThat(request.purpose()).isEqualTo(purpose.getValue());
        }
    }

    @Test
    void authorizationDetailsMayOmitThePurposeAndListActionsInAnyOrder() throws InvalidRequest {
        validator.validate(
                profile(Map.of()),
                new Form()
                        .set(
                                "authorization_details",
                                details("[\"calendar.read\",\"calendar.write\"]", "[\"" + ISSUER + "\"]", ""))
                        .parameters);
        validator.validate(
                profile(Map.of()), new Form().set("authorization_details", " \n" + GOOD_DETAILS + "\n").parameters);
    }

    // ---- refused requests --------------------------------------------------------------------------------------

    record Case(
            String name,
            Map<String, String> profileChanges,
            Consumer<Form> bend,
            OAuthError error,
            String reason,
            String description) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case refused(String name, Consumer<Form> bend, OAuthError error, String reason, String description) {
        return new Case(name, Map.of(), bend, error, reason, description);
    }

    private static Case profileRefused(
            String name, Map<String, String> changes, Consumer<Form> bend, String reason, String description) {
        return new Case(name, changes, bend, OAuthError.INVALID_REQUEST, reason, description);
    }

    static Stream<Case> refusals() {
        List<Case> cases = new ArrayList<>();
        OAuthError request = OAuthError.INVALID_REQUEST;
        OAuthError scope = OAuthError.INVALID_SCOPE;
        OAuthError target = OAuthError.INVALID_TARGET;
        OAuthError client = OAuthError.UNAUTHORIZED_CLIENT;

        // The client's standing comes first.
        Map<String, String> notEnabled = new HashMap<>();
        notEnabled.put("agent-grant.enabled", null);
        cases.add(new Case(
                "client that is not an agent",
                notEnabled,
                f -> {},
                client,
                "not_an_agent",
                "The client is not an agent"));
        cases.add(new Case(
                "agent disabled",
                Map.of("agent-grant.enabled", "false"),
                f -> {},
                client,
                "not_an_agent",
                "not an agent"));
        cases.add(new Case(
                "suspended agent",
                Map.of("agent-grant.suspended", "true"),
                f -> {},
                client,
                "agent_suspended",
                "suspended"));
        Map<String, String> noPolicy = new HashMap<>();
        noPolicy.put("agent-grant.attestation-policy", null);
        cases.add(new Case(
                "agent without attestation policy",
                noPolicy,
                f -> {},
                client,
                "no_attestation_policy",
                "no attestation policy"));
        cases.add(new Case(
                "non-agent sending garbage still learns only that it is no agent",
                notEnabled,
                f -> f.add("audience", "x").set("resource", "y"),
                client,
                "not_an_agent",
                "not an agent"));

        // Every parameter at most once.
        for (String name : List.of(
                "audience",
                "scope",
                "purpose",
                "actor_token",
                "actor_token_type",
                "client_id",
                "requested_lifetime",
                "authorization_details")) {
            cases.add(refused(
                    "" + name + " twice",
                    f -> f.add(name, "1").add(name, "1"),
                    request,
                    "duplicate_parameter",
                    "Parameter " + name + " is repeated"));
        }
        cases.add(refused(
                "scope twice, one empty",
                f -> f.add("scope", ""),
                request,
                "duplicate_parameter",
                "scope is repeated"));
        cases.add(refused(
                "audience twice, different values",
                f -> f.add("audience", "mail-api"),
                request,
                "duplicate_parameter",
                "audience is repeated"));

        // Unknown parameters are refused, never ignored.
        for (String name :
                List.of("resource", "Audience", "scopes", "grant_type", "subject_token", "requested_token_type")) {
            cases.add(refused(
                    "unknown parameter " + name,
                    f -> f.set(name, "x"),
                    request,
                    "unknown_parameter",
                    "does not define"));
        }
        cases.add(refused(
                "unknown parameter named with control characters",
                f -> f.set("sco\npe", "x"),
                request,
                "unknown_parameter",
                "The request carries a parameter this endpoint does not define"));

        // Oversized parameters are refused before parsing, never truncated or dropped.
        cases.add(refused(
                "scope over 4000 characters",
                f -> f.set("scope", "calendar.read ".repeat(286) + "x"),
                request,
                "parameter_too_long",
                "Parameter scope exceeds 4000 characters"));
        cases.add(refused(
                "purpose over 4000 characters",
                f -> f.set("purpose", "p".repeat(4001)),
                request,
                "parameter_too_long",
                "Parameter purpose exceeds 4000 characters"));
        cases.add(refused(
                "audience over 4000 characters",
                f -> f.set("audience", "a".repeat(4001)),
                request,
                "parameter_too_long",
                "audience exceeds 4000"));
        cases.add(refused(
                "login_hint over 4000 characters",
                f -> f.set("login_hint", "u".repeat(4001)),
                request,
                "parameter_too_long",
                "login_hint exceeds 4000"));
        cases.add(refused(
                "actor_token over 20000 characters",
                f -> f.set("actor_token", "a".repeat(20_001)),
                request,
                "parameter_too_long",
                "Parameter actor_token exceeds 20000 characters"));
        cases.add(refused(
                "client_assertion over 20000 characters",
                f -> f.set("client_assertion", "a".repeat(20_001)),
                request,
                "parameter_too_long",
                "client_assertion exceeds 20000"));
        cases.add(refused(
                "authorization_details over 8192 characters",
                f -> f.set("authorization_details", GOOD_DETAILS + " ".repeat(8193 - GOOD_DETAILS.length())),
                request,
                "parameter_too_long",
                "Parameter authorization_details exceeds 8192"));
        cases.add(refused(
                "authorization_details over 8192 UTF-8 bytes",
                f -> f.set(
                        "authorization_details",
                        details(
                                "[\"calendar.write\",\"calendar.read\"]",
                                "[\"" + ISSUER + "\"]",
                                ",\"purpose\":\"" + "é".repeat(4100) + "\"")),
                request,
                "parameter_too_long",
                "authorization_details exceeds 8192 bytes"));

        // The presentation and its type.
        cases.add(refused(
                "actor_token missing",
                f -> f.remove("actor_token"),
                request,
                "missing_actor_token",
                "actor_token (an attestation presentation) is required"));
        cases.add(refused(
                "actor_token empty", f -> f.set("actor_token", ""), request, "missing_actor_token", "is required"));
        cases.add(refused(
                "both missing",
                f -> f.remove("actor_token").remove("actor_token_type"),
                request,
                "missing_actor_token",
                "is required"));
        cases.add(refused(
                "actor_token_type missing",
                f -> f.remove("actor_token_type"),
                request,
                "missing_actor_token_type",
                "actor_token_type is required with actor_token"));
        for (String type : List.of(
                "urn:ietf:params:oauth:token-type:jwt",
                "urn:ietf:params:oauth:token-type:access_token",
                WireContract.TASK_GRANT_TOKEN_TYPE,
                WireContract.ATTESTATION_TOKEN_TYPE + " ",
                WireContract.ATTESTATION_TOKEN_TYPE.toUpperCase())) {
            cases.add(refused(
                    "actor_token_type " + type,
                    f -> f.set("actor_token_type", type),
                    request,
                    "unsupported_actor_token_type",
                    "actor_token_type must be urn:agentgrant:token-type:attestation"));
        }

        // One audience, allowed by the profile, existing in the realm; the same answer whether missing or forbidden.
        cases.add(refused(
                "audience missing", f -> f.remove("audience"), target, "missing_audience", "audience is required"));
        cases.add(refused(
                "audience empty", f -> f.set("audience", ""), target, "missing_audience", "audience is required"));
        cases.add(refused(
                "two audiences in one value",
                f -> f.set("audience", "calendar-api mail-api"),
                target,
                "malformed_audience",
                "audience must be exactly one client_id"));
        cases.add(refused(
                "audience with a newline",
                f -> f.set("audience", "calendar-api\n"),
                target,
                "malformed_audience",
                "exactly one client_id"));
        cases.add(refused(
                "audience existing but not allowed",
                f -> f.set("audience", "other-api"),
                target,
                "audience_not_allowed",
                "audience is not a client this agent may request"));
        cases.add(refused(
                "audience allowed but not existing",
                f -> f.set("audience", "ghost-api"),
                target,
                "unknown_audience",
                "audience is not a client this agent may request"));
        cases.add(refused(
                "audience account", f -> f.set("audience", "account"), target, "audience_not_allowed", "may request"));
        cases.add(refused(
                "audience in another case",
                f -> f.set("audience", "Calendar-api"),
                target,
                "audience_not_allowed",
                "may request"));
        cases.add(refused(
                "audience as a URL", f -> f.set("audience", ISSUER), target, "audience_not_allowed", "may request"));

        // Scopes within the ceiling; a missing scope never means "all".
        cases.add(refused("scope missing", f -> f.remove("scope"), scope, "missing_scope", "scope is required"));
        cases.add(refused("scope empty", f -> f.set("scope", ""), scope, "missing_scope", "scope is required"));
        for (String value : List.of(
                "calendar.read  calendar.write",
                " calendar.read",
                "calendar.read ",
                "calendar.read\tcalendar.write",
                "calendar.réad",
                "calendar.read\u00a0calendar.write",
                "\"calendar.read\"")) {
            cases.add(refused(
                    "malformed scope " + value.replace("\t", "\\t"),
                    f -> f.set("scope", value),
                    scope,
                    "malformed_scope",
                    "scope must be scope names separated by single spaces (RFC 6749 §3.3)"));
        }
        for (String forbidden : List.of("openid", "offline_access", "OpenID", "OFFLINE_ACCESS")) {
            cases.add(refused(
                    "scope " + forbidden,
                    f -> f.set("scope", "calendar.read " + forbidden),
                    scope,
                    "forbidden_scope",
                    "scope " + forbidden + " may never be requested by an agent"));
        }
        cases.add(refused(
                "scope twice",
                f -> f.set("scope", "calendar.read calendar.read"),
                scope,
                "duplicate_scope",
                "scope calendar.read is requested twice"));
        cases.add(refused(
                "scope outside the ceiling",
                f -> f.set("scope", "calendar.read calendar.admin"),
                scope,
                "scope_not_allowed",
                "scope calendar.admin is not within this agent's allowed scopes"));
        cases.add(refused(
                "comma-separated scopes are one unknown scope",
                f -> f.set("scope", "calendar.read,calendar.write"),
                scope,
                "scope_not_allowed",
                "scope calendar.read,calendar.write is not within"));
        cases.add(refused(
                "prefix of an allowed scope", f -> f.set("scope", "calendar"), scope, "scope_not_allowed", "calendar"));
        cases.add(refused(
                "allowed scope in another case",
                f -> f.set("scope", "Calendar.read"),
                scope,
                "scope_not_allowed",
                "Calendar.read"));
        cases.add(refused(
                "role of realm-management",
                f -> f.set("scope", "manage-users"),
                scope,
                "scope_not_allowed",
                "manage-users"));

        // The purpose is plain text the human can read as written.
        cases.add(refused(
                "purpose missing", f -> f.remove("purpose"), request, "missing_purpose", "purpose is required"));
        cases.add(refused(
                "purpose of 301 characters",
                f -> f.set("purpose", "p".repeat(301)),
                request,
                "purpose_too_long",
                "purpose exceeds 300 characters"));
        cases.add(refused(
                "purpose of 301 emoji",
                f -> f.set("purpose", "\ud83d\udcc5".repeat(301)),
                request,
                "purpose_too_long",
                "purpose exceeds 300 characters"));
        cases.add(refused("purpose blank", f -> f.set("purpose", "   "), request, "blank_purpose", "purpose is blank"));
        cases.add(refused(
                "purpose of no-break spaces",
                f -> f.set("purpose", "\u00a0\u2007\u3000"),
                request,
                "blank_purpose",
                "blank"));
        int[] forbidden = {
            0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9B, // Cc, including tab, newline, NEL and CSI
            0x061C, 0x200E, 0x200F, // bidi marks
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, // bidi embeddings and overrides
            0x2066, 0x2067, 0x2068, 0x2069, // bidi isolates
            0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x180E, // zero-width
            0x00AD, 0xFFF9, 0xE0001, 0xE0041, // other Cf: soft hyphen, annotation, tags
            0x2028, 0x2029, // line and paragraph separators
            0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, // invisible letters and the grapheme joiner
            0xE000, 0xF8FF, 0x10FFFD, // private use
            0x0378, 0xFFFF
        }; // unassigned
        for (int c : forbidden) {
            String text = "Move the meeting " + new String(Character.toChars(c)) + "to Friday";
            cases.add(refused(
                    String.format("purpose with U+%04X", c),
                    f -> f.set("purpose", text),
                    request,
                    "purpose_forbidden_character",
                    String.format("U+%04X at position 18", c)));
        }
        cases.add(refused(
                "purpose with a lone high surrogate",
                f -> f.set("purpose", "Move \ud83d the meeting"),
                request,
                "purpose_forbidden_character",
                "U+D83D at position 6"));
        cases.add(refused(
                "purpose with a lone low surrogate",
                f -> f.set("purpose", "\udcc5"),
                request,
                "purpose_forbidden_character",
                "U+DCC5 at position 1"));
        cases.add(
                refused(
                        "Trojan Source override",
                        f -> f.set("purpose", "Read calendar \u202e; delete all events \u202c"),
                        request,
                        "purpose_forbidden_character",
                        "purpose must be plain text on one line, without control, bidi, zero-width or invisible formatting characters: U+202E"));
        cases.add(refused(
                "emoji joined with ZWJ",
                f -> f.set("purpose", "Plan the \ud83d\udc68\u200d\ud83d\udc69 trip"),
                request,
                "purpose_forbidden_character",
                "U+200D"));
        cases.add(refused(
                "purpose with stacked combining marks",
                f -> f.set("purpose", "Zalgo a\u0300\u0301\u0302\u0303\u0304"),
                request,
                "purpose_forbidden_character",
                "more than 4 combining marks in a row at position 12"));

        // Lifetime and use limit: positive numbers within the profile's caps.
        for (String value :
                List.of("0", "-1", "1.5", "60s", "+60", "060", " 60", "60 ", "0x10", "\u0661\u0662", "PT1H")) {
            cases.add(refused(
                    "requested_lifetime " + value,
                    f -> f.set("requested_lifetime", value),
                    request,
                    "invalid_lifetime",
                    "requested_lifetime must be a positive whole number"));
        }
        cases.add(refused(
                "requested_lifetime above the profile",
                f -> f.set("requested_lifetime", "7201"),
                request,
                "lifetime_above_maximum",
                "requested_lifetime exceeds this agent's maximum of 7200 seconds"));
        cases.add(refused(
                "requested_lifetime beyond a long",
                f -> f.set("requested_lifetime", "9".repeat(40)),
                request,
                "lifetime_above_maximum",
                "maximum of 7200 seconds"));
        for (String value : List.of("0", "-3", "three", "3.0", "03")) {
            cases.add(refused(
                    "max_uses " + value,
                    f -> f.set("max_uses", value),
                    request,
                    "invalid_max_uses",
                    "max_uses must be a positive whole number"));
        }
        cases.add(refused(
                "max_uses above the profile",
                f -> f.set("max_uses", "51"),
                request,
                "max_uses_above_maximum",
                "max_uses exceeds this agent's maximum of 50 uses"));
        cases.add(refused(
                "max_uses beyond a long",
                f -> f.set("max_uses", "9".repeat(19)),
                request,
                "max_uses_above_maximum",
                "maximum of 50"));

        // Login hint.
        cases.add(profileRefused(
                "login_hint required and missing",
                Map.of("agent-grant.require-login-hint", "true"),
                f -> {},
                "missing_login_hint",
                "login_hint is required"));
        cases.add(profileRefused(
                "login_hint required and empty",
                Map.of("agent-grant.require-login-hint", "true"),
                f -> f.set("login_hint", ""),
                "missing_login_hint",
                "login_hint is required"));
        // 200 x U+1F600 are 200 code points but 400 UTF-16 units: more than the column holds on H2.
        for (String hint : List.of(
                "u".repeat(256),
                "\ud83d\ude00".repeat(128),
                "\ud83d\ude00".repeat(200),
                " dana",
                "dana ",
                "   ",
                "da\u200bna",
                "dana\n",
                "\u202eanad")) {
            cases.add(refused(
                    "login_hint " + hint.replace("\n", "\\n"),
                    f -> f.set("login_hint", hint),
                    request,
                    "invalid_login_hint",
                    "login_hint must be a username or email address of at most 255 visible characters"));
        }

        // authorization_details (RFC 9396) must agree with the plain parameters.
        String actions = "[\"calendar.write\",\"calendar.read\"]";
        String locations = "[\"" + ISSUER + "\"]";
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("not JSON", "agent_task");
        malformed.put(
                "an object, not an array",
                "{\"type\":\"agent_task\",\"actions\":" + actions + ",\"locations\":" + locations + "}");
        malformed.put("an empty array", "[]");
        malformed.put(
                "two entries",
                "[" + GOOD_DETAILS.substring(1, GOOD_DETAILS.length() - 1) + ","
                        + GOOD_DETAILS.substring(1, GOOD_DETAILS.length() - 1) + "]");
        malformed.put("an entry that is a string", "[\"agent_task\"]");
        malformed.put("null", "null");
        malformed.put("trailing data", GOOD_DETAILS + " []");
        malformed.put(
                "a repeated member",
                "[{\"type\":\"agent_task\",\"type\":\"agent_task\",\"actions\":" + actions + ",\"locations\":"
                        + locations + "}]");
        malformed.put(
                "a repeated actions member",
                "[{\"type\":\"agent_task\",\"actions\":[\"calendar.read\"],\"actions\":" + actions + ",\"locations\":"
                        + locations + "}]");
        malformed.put("nesting beyond 8 levels", details(actions, locations, ",\"purpose\":[[[[[[[[[1]]]]]]]]]"));
        malformed.put("a comment", "/* c */" + GOOD_DETAILS);
        malformed.put("single quotes", GOOD_DETAILS.replace('"', '\''));
        malformed.put("another type", GOOD_DETAILS.replace("agent_task", "payment_initiation"));
        malformed.put("no type", "[{\"actions\":" + actions + ",\"locations\":" + locations + "}]");
        malformed.put(
                "type not a string",
                "[{\"type\":[\"agent_task\"],\"actions\":" + actions + ",\"locations\":" + locations + "}]");
        malformed.put("an unknown member", details(actions, locations, ",\"privileges\":[\"admin\"]"));
        malformed.put("a datatypes member", details(actions, locations, ",\"datatypes\":[\"events\"]"));
        for (Map.Entry<String, String> m : malformed.entrySet()) {
            cases.add(refused(
                    "authorization_details: " + m.getKey(),
                    f -> f.set("authorization_details", m.getValue()),
                    request,
                    "invalid_authorization_details",
                    "authorization_details "));
        }
        cases.add(refused(
                "authorization_details: unknown member named",
                f -> f.set("authorization_details", details(actions, locations, ",\"privileges\":[\"admin\"]")),
                request,
                "invalid_authorization_details",
                "authorization_details holds a member that type agent_task does not define: privileges"));
        cases.add(refused(
                "authorization_details: 8 levels parse (and then disagree)",
                f -> f.set("authorization_details", details(actions, locations, ",\"purpose\":[[[[[[1]]]]]]")),
                request,
                "authorization_details_mismatch",
                "purpose must equal the purpose parameter"));
        cases.add(refused(
                "authorization_details: 9 levels do not parse",
                f -> f.set("authorization_details", details(actions, locations, ",\"purpose\":[[[[[[[1]]]]]]]")),
                request,
                "invalid_authorization_details",
                "at most 8 levels deep"));
        cases.add(refused(
                "authorization_details: depth limit described",
                f -> f.set("authorization_details", details(actions, locations, ",\"purpose\":[[[[[[[[[1]]]]]]]]]")),
                request,
                "invalid_authorization_details",
                "at most 8 levels deep"));

        Map<String, String> disagreeing = new LinkedHashMap<>();
        disagreeing.put("actions missing", "[{\"type\":\"agent_task\",\"locations\":" + locations + "}]");
        disagreeing.put("actions lacking a scope", details("[\"calendar.write\"]", locations, ""));
        disagreeing.put(
                "actions with an extra scope",
                details("[\"calendar.write\",\"calendar.read\",\"mail.send\"]", locations, ""));
        disagreeing.put(
                "actions repeating a scope",
                details("[\"calendar.write\",\"calendar.read\",\"calendar.read\"]", locations, ""));
        disagreeing.put("actions not strings", details("[\"calendar.write\",\"calendar.read\",1]", locations, ""));
        disagreeing.put("actions a string", details("\"calendar.write calendar.read\"", locations, ""));
        disagreeing.put("locations missing", "[{\"type\":\"agent_task\",\"actions\":" + actions + "}]");
        disagreeing.put(
                "locations of another realm", details(actions, "[\"https://sso.example.com/realms/other\"]", ""));
        disagreeing.put("locations with a trailing slash", details(actions, "[\"" + ISSUER + "/\"]", ""));
        disagreeing.put("two locations", details(actions, "[\"" + ISSUER + "\",\"https://evil.example\"]", ""));
        disagreeing.put("locations empty", details(actions, "[]", ""));
        disagreeing.put("locations a string", details(actions, "\"" + ISSUER + "\"", ""));
        disagreeing.put("location not a string", details(actions, "[{\"uri\":\"" + ISSUER + "\"}]", ""));
        disagreeing.put("another purpose", details(actions, locations, ",\"purpose\":\"Delete every event\""));
        disagreeing.put("purpose not a string", details(actions, locations, ",\"purpose\":[\"" + PURPOSE + "\"]"));
        disagreeing.put("purpose null", details(actions, locations, ",\"purpose\":null"));
        for (Map.Entry<String, String> d : disagreeing.entrySet()) {
            cases.add(refused(
                    "authorization_details: " + d.getKey(),
                    f -> f.set("authorization_details", d.getValue()),
                    request,
                    "authorization_details_mismatch",
                    "authorization_details disagrees with the request: "));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aBadRequestIsRefusedWithItsRfcError(Case c) {
        Form form = new Form();
        c.bend().accept(form);

        InvalidRequest refused = catchThrowableOfType(
                InvalidRequest.class, () -> validator.validate(profile(c.profileChanges()), form.parameters));

        assertThat(refused).as("request should be refused").isNotNull();
        assertThat(refused.error()).isEqualTo(c.error());
        assertThat(refused.reason()).isEqualTo(c.reason());
        assertThat(refused.description()).contains(c.description());
    }

    @Test
    void errorsCarryTheirRfcCodes() {
        // The four codes a grant request can be refused with (docs/wire-contract.md, "Request a grant").
        assertThat(Stream.of(
                                OAuthError.INVALID_REQUEST,
                                OAuthError.INVALID_SCOPE,
                                OAuthError.INVALID_TARGET,
                                OAuthError.UNAUTHORIZED_CLIENT)
                        .map(OAuthError::code))
                .containsExactly("invalid_request", "invalid_scope", "invalid_target", "unauthorized_client");
    }

    @Test
    void aMissingAndAForbiddenAudienceAreToldApartOnlyInTheReason() {
        InvalidRequest missing = catchThrowableOfType(
                InvalidRequest.class,
                () -> validator.validate(profile(Map.of()), new Form().set("audience", "ghost-api").parameters));
        InvalidRequest forbidden = catchThrowableOfType(
                InvalidRequest.class,
                () -> validator.validate(profile(Map.of()), new Form().set("audience", "other-api").parameters));

        assertThat(missing.error()).isEqualTo(forbidden.error());
        assertThat(missing.description()).isEqualTo(forbidden.description());
        assertThat(missing.reason()).isNotEqualTo(forbidden.reason());
    }

    @Test
    void anAudienceTheProfileDoesNotAllowIsNeverLookedUp() {
        catchThrowableOfType(
                InvalidRequest.class,
                () -> validator.validate(profile(Map.of()), new Form().set("audience", "other-api").parameters));
        assertThat(lookedUp).isEmpty();

        catchThrowableOfType(
                InvalidRequest.class,
                () -> validator.validate(profile(Map.of()), new Form().set("audience", "ghost-api").parameters));
        assertThat(lookedUp).containsExactly("ghost-api");
    }

    @Test
    void aLocationTheRealmCannotNameNeverMatches() {
        GrantRequestValidator noLocation = new GrantRequestValidator(REALM_CLIENTS::contains, clientId -> null);

        InvalidRequest refused = catchThrowableOfType(
                InvalidRequest.class,
                () -> noLocation.validate(
                        profile(Map.of()), new Form().set("authorization_details", GOOD_DETAILS).parameters));

        assertThat(refused.reason()).isEqualTo("authorization_details_mismatch");
    }

    @Test
    void aNullFormOrNullParameterIsRefusedNotThrown() {
        InvalidRequest nullForm =
                catchThrowableOfType(InvalidRequest.class, () -> validator.validate(profile(Map.of()), null));
        assertThat(nullForm.reason()).isEqualTo("missing_actor_token");

        Map<String, List<String>> nullName = new HashMap<>(new Form().parameters);
        nullName.put(null, List.of("x"));
        InvalidRequest unknown =
                catchThrowableOfType(InvalidRequest.class, () -> validator.validate(profile(Map.of()), nullName));
        assertThat(unknown.reason()).isEqualTo("unknown_parameter");

        Map<String, List<String>> nullValues = new HashMap<>(new Form().parameters);
        nullValues.put("scope", null);
        InvalidRequest noScope =
                catchThrowableOfType(InvalidRequest.class, () -> validator.validate(profile(Map.of()), nullValues));
        assertThat(noScope.reason()).isEqualTo("missing_scope");
    }

    @Test
    void aNullProfileIsNoAgent() {
        InvalidRequest refused =
                catchThrowableOfType(InvalidRequest.class, () -> validator.validate(null, new Form().parameters));

        assertThat(refused.error()).isEqualTo(OAuthError.UNAUTHORIZED_CLIENT);
    }
}
