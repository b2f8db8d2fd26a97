package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.grant.AgentTask;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

/**
 * The access token a task grant mints, built from nothing but the contract's claims: no protocol mapper of the agent
 * client runs on it, so no role, profile or audience claim can leak in. The person is {@code sub} (with
 * {@code sub_profile} {@code user}), the agent holding the token is {@code azp} and {@code client_id} (RFC 9068 §2.2)
 * and the outermost {@code act}, with the agents it was handed on from nested inside (RFC 8693 §4.1; each actor as
 * {@link ActorChain#claim} writes it), {@code delegation_hops} counts the hand-overs, {@code aud} is the one audience.
 * How the person authenticated to approve goes into {@code grant_acr} / {@code grant_auth_time}, never into
 * {@code acr}: the agent did not authenticate that way.
 */
public final class TaskTokenClaims {

    /** Facts worth carrying in the token: who the workload is and what code it runs. Everything else stays in audit. */
    static final Set<String> KEY_FACTS = Set.of(
            "spiffe_id",
            "subject",
            "namespace",
            "service_account",
            "builder_id",
            "source_repository",
            "source_commit",
            "subject_digests",
            "code_digest",
            "digest");

    private TaskTokenClaims() {}

    /**
     * Everything a task token says.
     *
     * @param id      the token id, its issuer and the key it is bound to (RFC 9449 §6.1 {@code cnf.jkt}), if any
     * @param parties the person ({@code sub}) and the chain of agents ({@code act}), the last holding the token
     * @param task    the task as granted to this token: audience, granted scopes, location, purpose
     * @param grant   the grant and how its person authenticated to approve it
     */
    public record Input(Id id, Parties parties, AgentTask task, Window window, Grant grant, Attestation attestation) {}

    /** @param jkt the DPoP key the token is bound to; the token type is {@code DPoP} when bound, else {@code Bearer} */
    public record Id(String jti, String issuer, Optional<String> jkt) {

        /** Keycloak's {@code typ} claim, which its own token verifiers require. */
        public String tokenType() {
            return jkt.isPresent() ? DPoPUtil.DPOP_TOKEN_TYPE : TokenUtil.TOKEN_TYPE_BEARER;
        }
    }

    /** @param chain the grant's agent, then each sub-agent it was handed to; the last one holds the token */
    public record Parties(String userId, ActorChain chain) {

        /** The client_id of the agent holding the token. */
        public String agentClientId() {
            return chain.current().clientId();
        }
    }

    /** {@code sub_profile} of the person (draft-mora-oauth-entity-profiles): a person approved every task grant. */
    public static final String PERSON_PROFILE = "user";

    /** The number of hand-overs from the grant's agent to the agent holding the token: 0 for the grant's own agent. */
    public static final String DELEGATION_HOPS = "delegation_hops";

    public record Window(Instant issuedAt, Instant expiresAt) {}

    /** @param authTime when the person authenticated to approve; {@code acr} how (never the token's own {@code acr}) */
    public record Grant(String id, Optional<Instant> authTime, Optional<String> acr) {}

    /** The attestation summary: the policy and its version hash, the sources that passed, key facts, when. */
    public record Attestation(
            String policyId,
            String policyVersion,
            List<String> sources,
            Map<String, String> facts,
            Instant evaluatedAt) {}

    public static AccessToken build(Input in) {
        AccessToken token = new AccessToken();
        token.id(in.id().jti());
        token.issuer(in.id().issuer());
        token.type(in.id().tokenType());
        token.subject(in.parties().userId());
        token.issuedFor(in.parties().agentClientId());
        token.audience(in.task().audience());
        token.setScope(String.join(" ", in.task().scopes()));
        token.iat(in.window().issuedAt().getEpochSecond());
        token.exp(in.window().expiresAt().getEpochSecond());
        token.setOtherClaims("sub_profile", PERSON_PROFILE);
        token.setOtherClaims("client_id", in.parties().agentClientId());
        token.setOtherClaims("act", in.parties().chain().claim(in.id().issuer()));
        token.setOtherClaims(DELEGATION_HOPS, in.parties().chain().hops());
        token.setOtherClaims("grant_id", in.grant().id());
        // RFC 9396 §7: the agent_task as granted to this token (its scopes as actions).
        token.setOtherClaims("authorization_details", in.task().authorizationDetails());
        token.setOtherClaims("attestation", attestation(in.attestation()));
        in.grant().acr().ifPresent(acr -> token.setOtherClaims("grant_acr", acr));
        in.grant().authTime().ifPresent(t -> token.setOtherClaims("grant_auth_time", t.getEpochSecond()));
        in.id().jkt().ifPresent(jkt -> {
            AccessToken.Confirmation cnf = new AccessToken.Confirmation();
            cnf.setKeyThumbprint(jkt);
            token.setConfirmation(cnf);
        });
        return token;
    }

    /** The facts of {@code facts} (namespaced {@code source.name}) whose name is a key fact, in name order. */
    public static Map<String, String> keyFacts(Map<String, String> facts) {
        Map<String, String> key = new TreeMap<>();
        facts.forEach((name, value) -> {
            int dot = name.indexOf('.');
            if (dot > 0 && KEY_FACTS.contains(name.substring(dot + 1))) {
                key.put(name, value);
            }
        });
        return key;
    }

    private static Map<String, Object> attestation(Attestation a) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("policy_id", a.policyId());
        claim.put("policy_version", a.policyVersion());
        claim.put("sources", a.sources());
        claim.put("facts", a.facts());
        claim.put("evaluated_at", a.evaluatedAt().getEpochSecond());
        return claim;
    }
}
