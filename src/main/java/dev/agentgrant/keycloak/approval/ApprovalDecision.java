package dev.agentgrant.keycloak.approval;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the consent form a human posted and decides what it means — or that it was tampered with. The page only
 * offers what may be chosen; this class is what enforces it (docs/wire-contract.md, "Human approval"): the form's CSRF token must be
 * the one bound to the authentication session, approved scopes must be a non-empty subset of the requested ones that
 * the person could obtain themselves, the lifetime must be one the page offered (never above the requested), and the
 * sub-agents the task may be handed to must be among those the page offered (ticked boxes; an unticked one is simply
 * absent from the form).
 */
public final class ApprovalDecision {

    public static final String CSRF = "csrf";
    public static final String DECISION = "decision";
    public static final String SCOPE = "scope";
    public static final String LIFETIME = "lifetime";
    public static final String DELEGATE = "delegate";
    private static final Set<String> FIELDS = Set.of(CSRF, DECISION, SCOPE, LIFETIME, DELEGATE);

    /** What the human decided. */
    public sealed interface Outcome permits Approve, Deny {}

    /** @param delegates the sub-agents (client_ids) the person let the agent hand the task to */
    public record Approve(Set<String> scopes, Duration lifetime, Set<String> delegates) implements Outcome {}

    public record Deny() implements Outcome {}

    /** A form that cannot be honoured; {@link #reason()} is for events and logs. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private ApprovalDecision() {}

    /**
     * @param form            the posted fields with all their values
     * @param expectedCsrf    the token bound to the authentication session
     * @param requestedScopes what the agent asked for
     * @param availableScopes the requested scopes the person could obtain themselves
     * @param lifetimes       the lifetimes the page offered
     * @param delegates       the sub-agents the page offered (the agent profile's delegates)
     */
    public static Outcome read(
            Map<String, List<String>> form,
            String expectedCsrf,
            Set<String> requestedScopes,
            Set<String> availableScopes,
            List<LifetimeOption> lifetimes,
            Set<String> delegates)
            throws Refused {
        for (String field : form.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new Refused("unexpected_field");
            }
        }
        String csrf = single(form, CSRF).orElseThrow(() -> new Refused("missing_csrf"));
        if (!CsrfTokens.matches(csrf, expectedCsrf)) {
            throw new Refused("csrf_mismatch");
        }
        String decision = single(form, DECISION).orElseThrow(() -> new Refused("missing_decision"));
        if (decision.equals("deny")) {
            return new Deny();
        }
        if (!decision.equals("approve")) {
            throw new Refused("unknown_decision");
        }
        List<String> chosen = form.getOrDefault(SCOPE, List.of());
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : chosen) {
            if (!requestedScopes.contains(scope)) {
                throw new Refused("scope_not_requested");
            }
            if (!availableScopes.contains(scope)) {
                throw new Refused("scope_not_available_to_user");
            }
            if (!scopes.add(scope)) {
                throw new Refused("scope_repeated");
            }
        }
        if (scopes.isEmpty()) {
            throw new Refused("no_scope_chosen");
        }
        String lifetime = single(form, LIFETIME).orElseThrow(() -> new Refused("missing_lifetime"));
        LifetimeOption option = lifetimes.stream()
                .filter(o -> Long.toString(o.seconds()).equals(lifetime))
                .findFirst()
                .orElseThrow(() -> new Refused("lifetime_not_offered"));
        Set<String> ticked = new LinkedHashSet<>();
        for (String delegate : form.getOrDefault(DELEGATE, List.of())) {
            if (!delegates.contains(delegate)) {
                throw new Refused("delegate_not_offered");
            }
            if (!ticked.add(delegate)) {
                throw new Refused("delegate_repeated");
            }
        }
        // Keep the agent's and the profile's order, not the browser's.
        Set<String> ordered = new LinkedHashSet<>();
        requestedScopes.stream().filter(scopes::contains).forEach(ordered::add);
        Set<String> handOver = new LinkedHashSet<>();
        delegates.stream().filter(ticked::contains).forEach(handOver::add);
        return new Approve(ordered, Duration.ofSeconds(option.seconds()), handOver);
    }

    private static Optional<String> single(Map<String, List<String>> form, String name) throws Refused {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new Refused("repeated_" + name);
        }
        return Optional.ofNullable(values.get(0)).filter(v -> !v.isEmpty());
    }
}
