package dev.agentgrant.keycloak.tasktoken;

import java.util.Collection;
import java.util.Optional;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

/**
 * Recognises task tokens the way Keycloak reads tokens: through Keycloak's own parser ({@link TokenVerifier}, i.e.
 * {@code JWSInput}), never by the string's shape. Every spelling Keycloak's parser accepts — trailing dots, padding,
 * the standard Base64 alphabet in the signature — parses to the same claims here, so no re-encoding of a task token
 * reaches a Keycloak endpoint as an ordinary token. The answer only ever leads to a refusal or to the extension's
 * own checks, so parsing without verifying the signature gains a forger nothing.
 */
public final class TaskTokens {

    /** Keycloak's cap on token parameters ({@code req-token-params-default-max-size}); longer is no token of ours. */
    private static final int MAX_LENGTH = 20_000;

    private TaskTokens() {}

    /** The access token Keycloak's parser reads from {@code token}, unverified; empty when it reads none. */
    public static Optional<AccessToken> parse(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    TokenVerifier.create(token, AccessToken.class).getToken());
        } catch (VerificationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether Keycloak would read {@code token} as a token of this extension. Never throws. */
    public static boolean isTaskToken(KeycloakSession session, String token) {
        return parse(token).map(parsed -> isTaskToken(session, parsed)).orElse(false);
    }

    /** Whether any of {@code tokens} is one. */
    public static boolean anyTaskToken(KeycloakSession session, Collection<String> tokens) {
        return tokens != null && tokens.stream().anyMatch(token -> isTaskToken(session, token));
    }

    /** Whether a token Keycloak parsed is a task token, by the context Keycloak encoded in its id or its claims. */
    public static boolean isTaskToken(KeycloakSession session, AccessToken token) {
        return TaskTokenMark.isTaskToken(contextGrantType(session, token.getId()), token.getOtherClaims());
    }

    private static String contextGrantType(KeycloakSession session, String tokenId) {
        if (tokenId == null) {
            return null;
        }
        try {
            AccessTokenContext context =
                    session.getProvider(TokenContextEncoderProvider.class).getTokenContextFromTokenId(tokenId);
            return context == null ? null : context.getGrantType();
        } catch (RuntimeException e) {
            // An id Keycloak cannot decode carries no context; Keycloak treats such tokens as legacy ones.
            return null;
        }
    }
}
