package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.HumanText;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/agent-grant/my-grants} (docs/wire-contract.md, "Revocation and introspection"; README.md,
 * "Approvals", self-service): a signed-in person's own page. It lists requests that name them (to review and decide
 * right there, without an agent's link), their active grants (to revoke) and their past grants. Not signed in, the
 * person signs in through the approval flow ({@link ApprovalStart}) and comes back. Every change is a POST carrying a
 * CSRF token kept on the person's SSO session.
 *
 * <p>Keycloak events: {@code REVOKE_GRANT} / {@code REVOKE_GRANT_ERROR} for revocations.
 */
public final class MyGrantsEndpoint {

    static final String TEMPLATE = "agent-grant-my-grants.ftl";
    static final String CSRF_NOTE = "agent-grant.my-grants-csrf";
    private static final int MAX_LISTED = 100;

    private final KeycloakSession session;
    private final RealmModel realm;

    public MyGrantsEndpoint(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return ApprovalPages.guarded(session, "my grants page", this::pageOfSignedIn);
    }

    private Response pageOfSignedIn() {
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        if (signedIn.isEmpty()) {
            return ApprovalStart.of(session).beginSignIn(ApprovalPages.myGrantsUrl(session, realm));
        }
        return render(signedIn.get().user(), signedIn.get().session(), null);
    }

    @POST
    @Path("{id}/" + AgentGrantPaths.REVOKE)
    @Produces(MediaType.TEXT_HTML)
    public Response revoke(@PathParam("id") String id) {
        return ApprovalPages.guarded(session, "revocation by the person", () -> revokeOwn(id));
    }

    private Response revokeOwn(String id) {
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        EventBuilder event =
                new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.REVOKE_GRANT);
        if (signedIn.isEmpty() || !csrfMatches(signedIn.get().session())) {
            event.detail(Details.REASON, signedIn.isEmpty() ? "not_signed_in" : "csrf_mismatch")
                    .error(Errors.INVALID_REQUEST);
            return backToPage();
        }
        UserModel user = signedIn.get().user();
        Optional<TaskGrant> grant = GrantStore.of(session)
                .find(realm.getId(), id)
                .filter(g -> g.userId().filter(user.getId()::equals).isPresent());
        event.user(user);
        if (grant.isEmpty()) {
            event.detail(Details.REASON, "unknown_grant").error(Errors.INVALID_REQUEST);
            return render(user, signedIn.get().session(), "agentGrantMyGrantsUnknown");
        }
        event.client(grant.get().agent().clientId())
                .detail("grant_id", grant.get().id());
        Actor person =
                Actor.person(user.getId(), session.getContext().getConnection().getRemoteAddr());
        if (!GrantTransitions.of(session)
                .revoke(
                        AuditTrail.Subject.of(grant.get()),
                        "revoked_by_user",
                        GrantTransitions.Change.ending(person, grant.get().id(), "revoked_by_user")
                                .reportedTo(event))) {
            event.detail(Details.REASON, "not_active").error(Errors.INVALID_REQUEST);
        }
        return backToPage();
    }

    @POST
    @Path("{id}/" + AgentGrantPaths.REVIEW)
    @Produces(MediaType.TEXT_HTML)
    public Response review(@PathParam("id") String id) {
        return ApprovalPages.guarded(session, "review of a request", () -> reviewRequest(id));
    }

    private Response reviewRequest(String id) {
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        if (signedIn.isEmpty() || !csrfMatches(signedIn.get().session())) {
            return backToPage();
        }
        UserModel user = signedIn.get().user();
        Optional<TaskGrant> grant = GrantStore.of(session)
                .find(realm.getId(), id)
                .filter(g -> g.status() == GrantStatus.PENDING)
                .filter(g -> LoginHint.matches(
                        g.request().loginHint().orElse(""),
                        user.getUsername(),
                        user.getEmail(),
                        user.isEmailVerified()));
        ApprovalStart approvals = ApprovalStart.of(session);
        Optional<AgentProfile> profile = grant.flatMap(approvals::activeProfile);
        if (grant.isEmpty() || profile.isEmpty()) {
            return render(user, signedIn.get().session(), "agentGrantMyGrantsUnknown");
        }
        return approvals.beginApproval(grant.get(), profile.get(), null);
    }

    private Response render(UserModel user, UserSessionModel userSession, String errorKey) {
        GrantSearch store = GrantSearch.of(session);
        Instant now = GrantStore.of(session).now();
        Locale locale = ApprovalPages.locale(session, user);
        String base = ApprovalPages.myGrantsUrl(session, realm);
        Set<String> hints = new LinkedHashSet<>();
        hints.add(user.getUsername());
        if (user.getEmail() != null && user.isEmailVerified()) {
            hints.add(user.getEmail());
        }
        ScopeTexts texts = ScopeTexts.of(session, realm, locale);
        List<Map<String, Object>> pending = new ArrayList<>();
        for (TaskGrant grant : store.pendingFor(realm.getId(), hints, MAX_LISTED)) {
            Map<String, Object> row = row(grant, locale, texts);
            row.put("reviewUrl", base + "/" + grant.id() + "/" + AgentGrantPaths.REVIEW);
            pending.add(row);
        }
        List<Map<String, Object>> active = new ArrayList<>();
        List<Map<String, Object>> past = new ArrayList<>();
        for (TaskGrant grant : store.byUser(realm.getId(), user.getId(), MAX_LISTED)) {
            GrantStatus status = grant.statusAt(now);
            Map<String, Object> row = row(grant, locale, texts);
            row.put("status", status.name().toLowerCase(Locale.ROOT));
            row.put("uses", grant.usage().uses());
            row.put("maxUses", grant.usage().maxUses());
            grant.expiresAt().ifPresent(at -> {
                row.put("expiresAt", HumanText.dateTime(at, locale));
                row.put("expiresAtIso", ApprovalPages.iso(at));
            });
            if (status == GrantStatus.APPROVED) {
                row.put("revokeUrl", base + "/" + grant.id() + "/" + AgentGrantPaths.REVOKE);
                active.add(row);
            } else {
                grant.ending()
                        .map(TaskGrant.Ending::at)
                        .or(() -> grant.decision().at())
                        .ifPresent(at -> {
                            row.put("endedAt", HumanText.dateTime(at, locale));
                            row.put("endedAtIso", ApprovalPages.iso(at));
                        });
                past.add(row);
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("signedInAs", DisplayText.neutralise(user.getUsername()));
        page.put("csrf", csrf(userSession));
        page.put("pending", pending);
        page.put("active", active);
        page.put("past", past);
        LoginFormsProvider forms =
                session.getProvider(LoginFormsProvider.class).setUser(user).setAttribute("agentGrantMyGrants", page);
        if (errorKey != null) {
            forms.setError(errorKey);
        }
        return forms.createForm(TEMPLATE);
    }

    private Map<String, Object> row(TaskGrant grant, Locale locale, ScopeTexts texts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", grant.id());
        row.put("agentName", ApprovalPages.agentName(realm, grant));
        row.put("purpose", DisplayText.neutralise(grant.request().task().purpose()));
        ClientModel audience = realm.getClientByClientId(grant.request().task().audience());
        row.put(
                "audienceName",
                DisplayText.neutralise(ApprovalPages.displayName(
                        audience, grant.request().task().audience())));
        row.put("scopes", grant.effectiveScopes().stream().map(texts::describe).toList());
        row.put("delegates", ApprovalPages.delegateNames(realm, grant));
        row.put("requestedAt", HumanText.dateTime(grant.request().at(), locale));
        row.put("requestedAtIso", ApprovalPages.iso(grant.request().at()));
        return row;
    }

    private Optional<AuthenticationManager.AuthResult> signedIn() {
        return Optional.ofNullable(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
    }

    private static String csrf(UserSessionModel userSession) {
        String token = userSession.getNote(CSRF_NOTE);
        if (token == null) {
            token = CsrfTokens.generate();
            userSession.setNote(CSRF_NOTE, token);
        }
        return token;
    }

    private boolean csrfMatches(UserSessionModel userSession) {
        List<String> sent =
                session.getContext().getHttpRequest().getDecodedFormParameters().get(ApprovalDecision.CSRF);
        String expected = userSession.getNote(CSRF_NOTE);
        return sent != null && sent.size() == 1 && CsrfTokens.matches(sent.get(0), expected);
    }

    private Response backToPage() {
        return Response.status(Response.Status.SEE_OTHER)
                .location(URI.create(ApprovalPages.myGrantsUrl(session, realm)))
                .build();
    }
}
