package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.tasktoken.TaskTokens;
import java.util.List;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.CryptoUtils;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

/**
 * The parent's task token of a sub-agent exchange, verified as Keycloak verifies an access token at its introspection
 * ({@code AccessTokenIntrospectionProvider}): the signature with the realm's key named by {@code kid} and the
 * algorithm Keycloak has a provider for, the realm's issuer, {@code typ} ({@code Bearer} or {@code DPoP}), {@code exp}
 * and {@code nbf}, the realm's and the holding client's not-before, and Keycloak's revoked-token list (RFC 7009
 * revocation). It must then be a task token ({@link TaskTokens}: Keycloak's own token parser, so every spelling
 * Keycloak accepts counts). Whether it still stands — its grant, person and chain of agents as they are now — is
 * decided next, by the same rule as the introspection.
 *
 * <p>Every failure is one answer, {@code invalid_grant} "The subject token is not an active task token" (RFC 8693
 * §2.2.2), with the finer reason in the event only.
 */
final class SubjectTokens {

    static final String NOT_ACTIVE = "The subject token is not an active task token";

    private SubjectTokens() {}

    static AccessToken verify(KeycloakSession session, RealmModel realm, String issuer, String subjectToken)
            throws ExchangeRefusal {
        AccessToken parsed = TaskTokens.parse(subjectToken).orElseThrow(() -> refused("subject_token_unreadable"));
        if (!TaskTokens.isTaskToken(session, parsed)) {
            throw refused("subject_token_not_task_token");
        }
        AccessToken token;
        try {
            TokenVerifier<AccessToken> verifier = TokenVerifier.create(subjectToken, AccessToken.class)
                    .withChecks(
                            new TokenVerifier.RealmUrlCheck(issuer),
                            new TokenVerifier.TokenTypeCheck(
                                    List.of(TokenUtil.TOKEN_TYPE_BEARER, DPoPUtil.DPOP_TOKEN_TYPE)),
                            TokenVerifier.IS_ACTIVE);
            SignatureProvider provider = CryptoUtils.getSignatureProvider(
                    session, verifier.getHeader().getAlgorithm().name());
            verifier.verifierContext(provider.verifier(verifier.getHeader().getKeyId()));
            token = verifier.verify().getToken();
        } catch (VerificationException | RuntimeException e) {
            throw refused("subject_token_invalid");
        }
        ClientModel holder = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        try {
            TokenVerifier<AccessToken> checks = TokenVerifier.createWithoutSignature(token)
                    .withChecks(
                            TokenManager.NotBeforeCheck.forModel(realm),
                            new TokenManager.TokenRevocationCheck(session));
            if (holder != null) {
                checks.withChecks(TokenManager.NotBeforeCheck.forModel(holder));
            }
            checks.verify();
        } catch (VerificationException | RuntimeException e) {
            throw refused("subject_token_revoked");
        }
        return token;
    }

    static ExchangeRefusal refused(String reason) {
        return new ExchangeRefusal(OAuthError.INVALID_GRANT, reason, NOT_ACTIVE);
    }
}
