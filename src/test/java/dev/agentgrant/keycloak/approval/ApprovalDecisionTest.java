package dev.agentgrant.keycloak.approval;

import static dev.agentgrant.keycloak.approval.ApprovalDecision.CSRF;
import static dev.agentgrant.keycloak.approval.ApprovalDecision.DECISION;
import static dev.agentgrant.keycloak.approval.ApprovalDecision.DELEGATE;
import static dev.agentgrant.keycloak.approval.ApprovalDecision.LIFETIME;
import static dev.agentgrant.keycloak.approval.ApprovalDecision.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server-side reading of the consent form (docs/wire-contract.md, "Human approval"; README.md, "Security
 * considerations": the server, not the page, enforces what may be approved): the page only offers what may be
 * chosen, this is what refuses everything else.
 */
class ApprovalDecisionTest {

    private static final String TOKEN = "q3Vt9ZkR2xLmA7pWc4eN8sJd6fHb1yGo";

    /** In the agent's order; deliberately not alphabetical so a sorted or browser-ordered result shows. */
    private static final Set<String> REQUESTED = ordered("mail.send", "calendar.write", "calendar.read", "admin");

    /** {@code admin} is requested but this person could not obtain it themselves. */
    private static final Set<String> AVAILABLE = ordered("calendar.read", "calendar.write", "mail.send");

    /** Requested two hours: 5, 15, 30 minutes, 1 hour and 2 hours (selected). */
    private static final List<LifetimeOption> LIFETIMES = LifetimeOption.forRequested(Duration.ofHours(2));
    /** The sub-agents the page offered, in the profile's order. */
    private static final Set<String> DELEGATES = ordered("calendar-helper", "mail-helper");

    // ---- approve -----------------------------------------------------------------------------------------------

    @Test
    void approvesTheChosenSubsetInTheAgentsOrderNotTheBrowsers() throws Exception {
        ApprovalDecision.Outcome outcome = read(
                form(CSRF, TOKEN, DECISION, "approve", SCOPE, "calendar.read", SCOPE, "mail.send", LIFETIME, "3600"));

        assertThat(outcome).isInstanceOf(ApprovalDecision.Approve.class);
        ApprovalDecision.Approve approve = (ApprovalDecision.Approve) outcome;
        assertThat(approve.scopes()).containsExactly("mail.send", "calendar.read");
        assertThat(approve.lifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void approvesEveryScopeThePersonCouldObtainInTheAgentsOrder() throws Exception {
        ApprovalDecision.Outcome outcome = read(form(
                CSRF,
                TOKEN,
                DECISION,
                "approve",
                SCOPE,
                "calendar.read",
                SCOPE,
                "calendar.write",
                SCOPE,
                "mail.send",
                LIFETIME,
                "7200"));

        assertThat(outcome)
                .isEqualTo(new ApprovalDecision.Approve(
                        ordered("mail.send", "calendar.write", "calendar.read"), Duration.ofHours(2), Set.of()));
        assertThat(((ApprovalDecision.Approve) outcome).scopes())
                .containsExactly("mail.send", "calendar.write", "calendar.read");
    }

    @Test
    void approvesASingleScope() throws Exception {
        assertThat(read(form(CSRF, TOKEN, DECISION, "approve", SCOPE, "calendar.write", LIFETIME, "300")))
                .isEqualTo(new ApprovalDecision.Approve(Set.of("calendar.write"), Duration.ofMinutes(5), Set.of()));
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(longs = {300, 900, 1800, 3600, 7200})
    void everyOfferedLifetimeIsAccepted(long seconds) throws Exception {
        ApprovalDecision.Outcome outcome =
                read(form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, Long.toString(seconds)));

        assertThat(outcome)
                .isEqualTo(new ApprovalDecision.Approve(Set.of("mail.send"), Duration.ofSeconds(seconds), Set.of()));
    }

    @Test
    void theLifetimeMustBeOneOfTheOfferedOnesNotMerelyShorterThanRequested() throws Exception {
        List<LifetimeOption> offered =
                List.of(LifetimeOption.of(Duration.ofMinutes(15), false), LifetimeOption.of(Duration.ofHours(2), true));
        Map<String, List<String>> approve15 =
                form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "900");
        Map<String, List<String>> approve30 =
                form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "1800");

        assertThat(ApprovalDecision.read(approve15, TOKEN, REQUESTED, AVAILABLE, offered, DELEGATES))
                .isEqualTo(new ApprovalDecision.Approve(Set.of("mail.send"), Duration.ofMinutes(15), Set.of()));
        assertThatThrownBy(() -> ApprovalDecision.read(approve30, TOKEN, REQUESTED, AVAILABLE, offered, DELEGATES))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("lifetime_not_offered"));
    }

    // ---- deny --------------------------------------------------------------------------------------------------

    static Stream<Arguments> denials() {
        return Stream.of(
                Arguments.of("token and decision only", form(CSRF, TOKEN, DECISION, "deny")),
                Arguments.of(
                        "with the scopes and lifetime the page pre-selected",
                        form(
                                CSRF,
                                TOKEN,
                                DECISION,
                                "deny",
                                SCOPE,
                                "mail.send",
                                SCOPE,
                                "calendar.read",
                                LIFETIME,
                                "7200")),
                Arguments.of(
                        "with a scope that was never requested",
                        form(CSRF, TOKEN, DECISION, "deny", SCOPE, "calendar.delete")),
                Arguments.of(
                        "with a scope not available to the person",
                        form(CSRF, TOKEN, DECISION, "deny", SCOPE, "admin")),
                Arguments.of(
                        "with a repeated scope",
                        form(CSRF, TOKEN, DECISION, "deny", SCOPE, "mail.send", SCOPE, "mail.send")),
                Arguments.of(
                        "with a lifetime longer than requested",
                        form(CSRF, TOKEN, DECISION, "deny", LIFETIME, "86400")),
                Arguments.of(
                        "with a repeated lifetime",
                        form(CSRF, TOKEN, DECISION, "deny", LIFETIME, "300", LIFETIME, "7200")),
                Arguments.of("with a non-numeric lifetime", form(CSRF, TOKEN, DECISION, "deny", LIFETIME, "forever")),
                Arguments.of(
                        "with empty scope and lifetime fields",
                        with(with(form(CSRF, TOKEN, DECISION, "deny"), SCOPE, List.of()), LIFETIME, List.of())));
    }

    /** Saying no needs nothing but a valid token: whatever else the form carries is not read. */
    @ParameterizedTest(name = "deny {0}")
    @MethodSource("denials")
    void denyIsHonouredWhateverElseTheFormCarries(String description, Map<String, List<String>> form) throws Exception {
        assertThat(read(form)).isEqualTo(new ApprovalDecision.Deny());
    }

    // ---- refusals ----------------------------------------------------------------------------------------------

    static Stream<Arguments> refusals() {
        return Stream.of(
                // Fields the page never sends.
                refusal("an unknown field", "unexpected_field", approve("mail.send", "3600", "grant_id", "g-1")),
                refusal(
                        "a field name in another case",
                        "unexpected_field",
                        approve("mail.send", "3600", "Scope", "admin")),
                refusal(
                        "an array-style field name",
                        "unexpected_field",
                        approve("mail.send", "3600", "scope[]", "admin")),
                refusal("an empty field name", "unexpected_field", approve("mail.send", "3600", "", "x")),
                refusal(
                        "an unknown field without values",
                        "unexpected_field",
                        with(approve("mail.send", "3600"), "user_code", List.of())),
                refusal(
                        "an unknown field on a denial",
                        "unexpected_field",
                        form(CSRF, TOKEN, DECISION, "deny", "approved_by", "someone-else")),

                // The CSRF token bound to the authentication session.
                refusal("no token", "missing_csrf", form(DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "a token field without values",
                        "missing_csrf",
                        with(form(DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600"), CSRF, List.of())),
                refusal(
                        "an empty token",
                        "missing_csrf",
                        form(CSRF, "", DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "the right token twice",
                        "repeated_csrf",
                        form(CSRF, TOKEN, CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "a wrong token and the right one",
                        "repeated_csrf",
                        form(CSRF, "forged", CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "another token of the same length",
                        "csrf_mismatch",
                        withToken("Q3Vt9ZkR2xLmA7pWc4eN8sJd6fHb1yGo")),
                refusal(
                        "a token that differs in its last character",
                        "csrf_mismatch",
                        withToken(TOKEN.substring(0, TOKEN.length() - 1) + "p")),
                refusal(
                        "a prefix of the right token",
                        "csrf_mismatch",
                        withToken(TOKEN.substring(0, TOKEN.length() - 1))),
                refusal("the first character of the right token", "csrf_mismatch", withToken(TOKEN.substring(0, 1))),
                refusal("the right token with a character appended", "csrf_mismatch", withToken(TOKEN + "x")),
                refusal("the right token with a trailing space", "csrf_mismatch", withToken(TOKEN + " ")),
                refusal("the right token upper-cased", "csrf_mismatch", withToken(TOKEN.toUpperCase())),
                refusal("a wrong token on a denial", "csrf_mismatch", form(CSRF, "forged", DECISION, "deny")),
                refusal(
                        "a wrong token with an unknown decision",
                        "csrf_mismatch",
                        form(CSRF, "forged", DECISION, "maybe")),

                // The decision.
                refusal("no decision", "missing_decision", form(CSRF, TOKEN, SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "an empty decision",
                        "missing_decision",
                        form(CSRF, TOKEN, DECISION, "", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "a decision field without values",
                        "missing_decision",
                        with(form(CSRF, TOKEN, SCOPE, "mail.send", LIFETIME, "3600"), DECISION, List.of())),
                refusal(
                        "approve and deny",
                        "repeated_decision",
                        form(CSRF, TOKEN, DECISION, "approve", DECISION, "deny", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal(
                        "deny and approve",
                        "repeated_decision",
                        form(CSRF, TOKEN, DECISION, "deny", DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                refusal("deny twice", "repeated_decision", form(CSRF, TOKEN, DECISION, "deny", DECISION, "deny")),
                refusal("decision \"Approve\"", "unknown_decision", withDecision("Approve")),
                refusal("decision \"APPROVE\"", "unknown_decision", withDecision("APPROVE")),
                refusal("decision \"approve \"", "unknown_decision", withDecision("approve ")),
                refusal("decision \"Deny\"", "unknown_decision", withDecision("Deny")),
                refusal("decision \"allow\"", "unknown_decision", withDecision("allow")),
                refusal("decision \"yes\"", "unknown_decision", withDecision("yes")),
                refusal("decision \"true\"", "unknown_decision", withDecision("true")),

                // The scopes: a non-empty subset of the requested ones the person could obtain.
                refusal("a scope that was never requested", "scope_not_requested", approve("calendar.delete", "3600")),
                refusal("a requested scope in another case", "scope_not_requested", approve("MAIL.SEND", "3600")),
                refusal("two scopes in one value", "scope_not_requested", approve("mail.send calendar.read", "3600")),
                refusal("an empty scope", "scope_not_requested", approve("", "3600")),
                refusal(
                        "a scope not requested next to requested ones",
                        "scope_not_requested",
                        form(
                                CSRF,
                                TOKEN,
                                DECISION,
                                "approve",
                                SCOPE,
                                "mail.send",
                                SCOPE,
                                "offline_access",
                                LIFETIME,
                                "3600")),
                refusal("a scope the person could not obtain", "scope_not_available_to_user", approve("admin", "3600")),
                refusal(
                        "a scope the person could not obtain next to one they could",
                        "scope_not_available_to_user",
                        form(
                                CSRF,
                                TOKEN,
                                DECISION,
                                "approve",
                                SCOPE,
                                "calendar.read",
                                SCOPE,
                                "admin",
                                LIFETIME,
                                "3600")),
                refusal(
                        "a scope twice",
                        "scope_repeated",
                        form(
                                CSRF,
                                TOKEN,
                                DECISION,
                                "approve",
                                SCOPE,
                                "mail.send",
                                SCOPE,
                                "mail.send",
                                LIFETIME,
                                "3600")),
                refusal(
                        "a scope twice among others",
                        "scope_repeated",
                        form(
                                CSRF,
                                TOKEN,
                                DECISION,
                                "approve",
                                SCOPE,
                                "mail.send",
                                SCOPE,
                                "calendar.read",
                                SCOPE,
                                "mail.send",
                                LIFETIME,
                                "3600")),
                refusal("no scope", "no_scope_chosen", form(CSRF, TOKEN, DECISION, "approve", LIFETIME, "3600")),
                refusal(
                        "a scope field without values",
                        "no_scope_chosen",
                        with(form(CSRF, TOKEN, DECISION, "approve", LIFETIME, "3600"), SCOPE, List.of())),

                // The lifetime: one the page offered.
                refusal("no lifetime", "missing_lifetime", form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send")),
                refusal("an empty lifetime", "missing_lifetime", approve("mail.send", "")),
                refusal(
                        "a lifetime field without values",
                        "missing_lifetime",
                        with(form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send"), LIFETIME, List.of())),
                refusal(
                        "the same lifetime twice",
                        "repeated_lifetime",
                        form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600", LIFETIME, "3600")),
                refusal(
                        "two different lifetimes",
                        "repeated_lifetime",
                        form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "300", LIFETIME, "7200")),
                refusal("one second longer than requested", "lifetime_not_offered", approve("mail.send", "7201")),
                refusal(
                        "a rung of the ladder above the request",
                        "lifetime_not_offered",
                        approve("mail.send", "14400")),
                refusal("a day", "lifetime_not_offered", approve("mail.send", "86400")),
                refusal("zero", "lifetime_not_offered", approve("mail.send", "0")),
                refusal("negative", "lifetime_not_offered", approve("mail.send", "-300")),
                refusal("negative of the requested", "lifetime_not_offered", approve("mail.send", "-7200")),
                refusal("shorter than requested but not offered", "lifetime_not_offered", approve("mail.send", "600")),
                refusal("one second short of an offer", "lifetime_not_offered", approve("mail.send", "3599")),
                refusal("leading zeros", "lifetime_not_offered", approve("mail.send", "03600")),
                refusal("a plus sign", "lifetime_not_offered", approve("mail.send", "+3600")),
                refusal("surrounding spaces", "lifetime_not_offered", approve("mail.send", " 3600 ")),
                refusal("a decimal", "lifetime_not_offered", approve("mail.send", "3600.0")),
                refusal("an exponent", "lifetime_not_offered", approve("mail.send", "3.6e3")),
                refusal("an ISO-8601 duration", "lifetime_not_offered", approve("mail.send", "PT1H")),
                refusal("words", "lifetime_not_offered", approve("mail.send", "one hour")),
                refusal("a unit suffix", "lifetime_not_offered", approve("mail.send", "1h")),
                refusal("the label the page shows", "lifetime_not_offered", approve("mail.send", "1 hours")),
                refusal("beyond a long", "lifetime_not_offered", approve("mail.send", "99999999999999999999")),
                refusal("Arabic-Indic digits", "lifetime_not_offered", approve("mail.send", "٣٦٠٠")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("refusals")
    void aTamperedOrStaleFormIsRefusedWithItsReason(String description, String reason, Map<String, List<String>> form) {
        assertThatThrownBy(() -> read(form)).isInstanceOfSatisfying(ApprovalDecision.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.getMessage()).isEqualTo(reason);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formsForAnyToken")
    void withoutATokenBoundToTheSessionNothingIsAccepted(String description, Map<String, List<String>> form) {
        assertThatThrownBy(() -> ApprovalDecision.read(form, null, REQUESTED, AVAILABLE, LIFETIMES, DELEGATES))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isIn("csrf_mismatch", "missing_csrf"));
    }

    static Stream<Arguments> formsForAnyToken() {
        return Stream.of(
                Arguments.of("an approval with some token", approve("mail.send", "3600")),
                Arguments.of(
                        "an approval with the token \"null\"",
                        form(CSRF, "null", DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600")),
                Arguments.of("a denial with some token", form(CSRF, TOKEN, DECISION, "deny")),
                Arguments.of("a denial without a token", form(DECISION, "deny")));
    }

    @Test
    void withoutATokenBoundToTheSessionAPresentTokenIsAMismatch() {
        assertThatThrownBy(() -> ApprovalDecision.read(
                        approve("mail.send", "3600"), null, REQUESTED, AVAILABLE, LIFETIMES, DELEGATES))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("csrf_mismatch"));
    }

    @Test
    void anEmptyTokenBoundToTheSessionMatchesNothing() {
        assertThatThrownBy(() -> ApprovalDecision.read(
                        form(CSRF, "", DECISION, "deny"), "", REQUESTED, AVAILABLE, LIFETIMES, DELEGATES))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("missing_csrf"));
        assertThatThrownBy(() -> ApprovalDecision.read(
                        form(CSRF, "x", DECISION, "deny"), "", REQUESTED, AVAILABLE, LIFETIMES, DELEGATES))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("csrf_mismatch"));
    }

    // ---- reasons -----------------------------------------------------------------------------------------------

    /**
     * Reasons go into events and the audit trail, where operators filter on them: each refusal has its own, and they
     * do not change between releases without notice.
     */
    @Test
    void reasonsAreDistinctStableEventFriendlyNames() {
        Set<String> reasons = new TreeSet<>();
        refusals().forEach(arguments -> reasons.add((String) arguments.get()[1]));

        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "unexpected_field",
                        "missing_csrf",
                        "repeated_csrf",
                        "csrf_mismatch",
                        "missing_decision",
                        "repeated_decision",
                        "unknown_decision",
                        "scope_not_requested",
                        "scope_not_available_to_user",
                        "scope_repeated",
                        "no_scope_chosen",
                        "missing_lifetime",
                        "repeated_lifetime",
                        "lifetime_not_offered");
        assertThat(reasons).allSatisfy(reason -> assertThat(reason).matches("[a-z]+(_[a-z]+)*"));
    }

    @Test
    void theSameFormIsRefusedForTheSameReasonEveryTime() {
        Map<String, List<String>> form = approve("admin", "3600");

        for (int i = 0; i < 3; i++) {
            ApprovalDecision.Refused refused = catchThrowableOfType(ApprovalDecision.Refused.class, () -> read(form));
            assertThat(refused.reason()).isEqualTo("scope_not_available_to_user");
        }
    }

    @Test
    void aRefusalIsAnExpectedOutcomeWithoutStackTraceOrCause() {
        ApprovalDecision.Refused refused =
                catchThrowableOfType(ApprovalDecision.Refused.class, () -> read(withToken("forged")));

        assertThat(refused.getStackTrace()).isEmpty();
        assertThat(refused.getCause()).isNull();
    }

    @Test
    void readingLeavesTheFormAndTheRequestUntouched() throws Exception {
        Map<String, List<String>> form =
                form(CSRF, TOKEN, DECISION, "approve", SCOPE, "calendar.read", SCOPE, "mail.send", LIFETIME, "3600");
        Map<String, List<String>> copy = new LinkedHashMap<>(form);
        Set<String> requested = new LinkedHashSet<>(REQUESTED);

        read(form);

        assertThat(form).isEqualTo(copy);
        assertThat(form.get(SCOPE)).containsExactly("calendar.read", "mail.send");
        assertThat(REQUESTED).containsExactlyElementsOf(requested);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    @Test
    void theTickedSubAgentsAreApprovedInTheProfilesOrder() throws Exception {
        assertThat(read(form(
                        CSRF,
                        TOKEN,
                        DECISION,
                        "approve",
                        SCOPE,
                        "mail.send",
                        LIFETIME,
                        "300",
                        DELEGATE,
                        "mail-helper",
                        DELEGATE,
                        "calendar-helper")))
                .isEqualTo(new ApprovalDecision.Approve(
                        Set.of("mail.send"), Duration.ofMinutes(5), ordered("calendar-helper", "mail-helper")));
    }

    @Test
    void anUntickedSubAgentIsNotApproved() throws Exception {
        ApprovalDecision.Approve approve = (ApprovalDecision.Approve) read(
                form(CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "300", DELEGATE, "mail-helper"));

        assertThat(approve.delegates()).containsExactly("mail-helper");
    }

    @Test
    void aSubAgentThePageDidNotOfferIsRefused() {
        assertThatThrownBy(() -> read(form(
                        CSRF, TOKEN, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "300", DELEGATE, "evil-agent")))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("delegate_not_offered"));
    }

    @Test
    void aSubAgentTickedTwiceIsRefused() {
        assertThatThrownBy(() -> read(form(
                        CSRF,
                        TOKEN,
                        DECISION,
                        "approve",
                        SCOPE,
                        "mail.send",
                        LIFETIME,
                        "300",
                        DELEGATE,
                        "mail-helper",
                        DELEGATE,
                        "mail-helper")))
                .isInstanceOfSatisfying(
                        ApprovalDecision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("delegate_repeated"));
    }

    private static ApprovalDecision.Outcome read(Map<String, List<String>> form) throws ApprovalDecision.Refused {
        return ApprovalDecision.read(form, TOKEN, REQUESTED, AVAILABLE, LIFETIMES, DELEGATES);
    }

    private static Arguments refusal(String description, String reason, Map<String, List<String>> form) {
        return Arguments.of(description, reason, form);
    }

    /** An otherwise valid approval of one scope, with extra name/value pairs appended. */
    private static Map<String, List<String>> approve(String scope, String lifetime, String... extra) {
        Map<String, List<String>> form = form(CSRF, TOKEN, DECISION, "approve", SCOPE, scope, LIFETIME, lifetime);
        Map<String, List<String>> more = form(extra);
        more.forEach((name, values) ->
                form.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        return form;
    }

    private static Map<String, List<String>> withToken(String token) {
        return form(CSRF, token, DECISION, "approve", SCOPE, "mail.send", LIFETIME, "3600");
    }

    private static Map<String, List<String>> withDecision(String decision) {
        return form(CSRF, TOKEN, DECISION, decision, SCOPE, "mail.send", LIFETIME, "3600");
    }

    /** Name/value pairs as a browser posts them; a repeated name collects its values in order. */
    private static Map<String, List<String>> form(String... namesAndValues) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.computeIfAbsent(namesAndValues[i], n -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return form;
    }

    private static Map<String, List<String>> with(Map<String, List<String>> form, String name, List<String> values) {
        form.put(name, values);
        return form;
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
