package dev.agentgrant.keycloak.exchange;

import org.keycloak.representations.AccessToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The access token a task grant mints, built from nothing but the contract's claims: no protocol mapper of the agent
 * client runs on it, so no role, profile or audience claim can leak in. The person is {@code sub}, the agent is
 * {@code azp} and {@code act} (RFC 8693 §4.1, shaped like Keycloak 26.8's {@code act}), {@code aud} is the one
 * audience. How the person authenticated to approve goes into {@code grant_acr} / {@code grant_auth_time}, never
 * into {@code acr}: the agent did not authenticate that way.
 */
public final class TaskTokenClaims {

    /** Facts worth carrying in the token: who the workload is and what code it runs. Everything else stays in audit. */
    static final Set<String> KEY_FACTS = Set.of("spiffe_id", "subject", "namespace", "service_account", "builder_id",
            "source_repository", "source_commit", "subject_digests", "code_digest", "digest");

    private TaskTokenClaims() {
    }

    /**
     * @param tokenType {@code DPoP} when bound to {@code jkt}, else {@code Bearer} (Keycloak's {@code typ} claim, which
     *                  its own token verifiers require)
     */
    public record Input(String jti, String issuer, String tokenType, String userId, String agentClientId,
                        String agentServiceAccountId, String audience, Set<String> scopes, Instant issuedAt,
                        Instant expiresAt, String grantId, List<Map<String, Object>> authorizationDetails,
                        Attestation attestation, Optional<Instant> grantAuthTime, Optional<String> grantAcr,
                        Optional<String> jkt) {
    }

    /** The attestation summary: the policy and its version hash, the sources that passed, key facts, when. */
    public record Attestation(String policyId, String policyVersion, List<String> sources, Map<String, String> facts,
                              Instant evaluatedAt) {
    }

    public static AccessToken build(Input in) {
        AccessToken token = new AccessToken();
        token.id(in.jti());
        token.issuer(in.issuer());
        token.type(in.tokenType());
        token.subject(in.userId());
        token.issuedFor(in.agentClientId());
        token.audience(in.audience());
        token.setScope(String.join(" ", in.scopes()));
        token.iat(in.issuedAt().getEpochSecond());
        token.exp(in.expiresAt().getEpochSecond());
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", in.agentServiceAccountId());
        act.put("client_id", in.agentClientId());
        token.setOtherClaims("act", act);
        token.setOtherClaims("grant_id", in.grantId());
        token.setOtherClaims("authorization_details", in.authorizationDetails());
        token.setOtherClaims("attestation", attestation(in.attestation()));
        in.grantAcr().ifPresent(acr -> token.setOtherClaims("grant_acr", acr));
        in.grantAuthTime().ifPresent(t -> token.setOtherClaims("grant_auth_time", t.getEpochSecond()));
        in.jkt().ifPresent(jkt -> {
            AccessToken.Confirmation cnf = new AccessToken.Confirmation();
            cnf.setKeyThumbprint(jkt);
            token.setConfirmation(cnf);
        });
        return token;
    }

    /** RFC 9396 §7: the {@code agent_task} as granted to this token (its scopes as {@code actions}). */
    public static List<Map<String, Object>> authorizationDetails(Set<String> scopes, String location, String purpose) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", "agent_task");
        task.put("actions", new ArrayList<>(scopes));
        task.put("locations", List.of(location));
        task.put("purpose", purpose);
        return List.of(task);
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
