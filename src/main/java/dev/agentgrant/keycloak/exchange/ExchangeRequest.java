package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A task-grant exchange request (RFC 8693 §2.1 with the contract's token types), read strictly: only the parameters
 * below plus client authentication, none repeated or empty, none over its size, both token types ours, and an access
 * token as the only token type that may be requested. Anything else is {@code invalid_request}, never ignored.
 *
 * @param grantId      the {@code subject_token}: the grant id
 * @param presentation the {@code actor_token}: an attestation presentation
 * @param scopes       the {@code scope} parameter, when sent
 * @param audience     the {@code audience} parameter, when sent
 * @param resource     the {@code resource} parameter (RFC 8707), when sent
 */
public record ExchangeRequest(
        String grantId,
        String presentation,
        Optional<Set<String>> scopes,
        Optional<String> audience,
        Optional<String> resource) {

    public static final String GRANT_TYPE = "grant_type";
    public static final String SUBJECT_TOKEN = "subject_token";
    public static final String SUBJECT_TOKEN_TYPE = "subject_token_type";
    public static final String ACTOR_TOKEN = "actor_token";
    public static final String ACTOR_TOKEN_TYPE = "actor_token_type";
    public static final String REQUESTED_TOKEN_TYPE = "requested_token_type";
    public static final String SCOPE = "scope";
    public static final String AUDIENCE = "audience";
    public static final String RESOURCE = "resource";

    /** RFC 8693 §3: the only token type this exchange issues. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Client authentication (RFC 6749 §2.3.1, RFC 7523 §2.2), which Keycloak has already checked. */
    static final Set<String> CLIENT_AUTHENTICATION =
            Set.of("client_id", "client_secret", "client_assertion", "client_assertion_type");

    private static final Set<String> OWN = Set.of(
            GRANT_TYPE,
            SUBJECT_TOKEN,
            SUBJECT_TOKEN_TYPE,
            ACTOR_TOKEN,
            ACTOR_TOKEN_TYPE,
            REQUESTED_TOKEN_TYPE,
            SCOPE,
            AUDIENCE,
            RESOURCE);

    /** Keycloak's cap on token parameters ({@code req-token-params-default-max-size}); a grant id is far shorter. */
    static final int MAX_TOKEN_LENGTH = 20_000;
    /** Keycloak's cap on every other parameter. */
    static final int MAX_LENGTH = 4_000;

    /** What Keycloak's form decoder leaves for bytes that are not UTF-8. */
    static final char REPLACEMENT_CHARACTER = '\uFFFD';

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    public ExchangeRequest {
        scopes = scopes.map(s -> Collections.unmodifiableSet(new LinkedHashSet<>(s)));
    }

    /**
     * Whether a token-exchange request is this extension's to answer: it names the task-grant subject type or the
     * attestation actor type (in any of its values). One without the other is then refused by {@link #parse}, rather
     * than handed to Keycloak's standard exchange, which would ignore the actor token.
     */
    public static boolean namesOurTokenTypes(Map<String, List<String>> form) {
        List<String> subjectTypes = form.get(SUBJECT_TOKEN_TYPE);
        List<String> actorTypes = form.get(ACTOR_TOKEN_TYPE);
        return (subjectTypes != null && subjectTypes.contains(WireContract.TASK_GRANT_TOKEN_TYPE))
                || (actorTypes != null && actorTypes.contains(WireContract.ATTESTATION_TOKEN_TYPE));
    }

    /**
     * Whether a token-exchange request is a sub-agent's (docs/wire-contract.md, "Sub-agent chains"): an access token as
     * the subject (a task token being handed on) and an attestation presentation as the actor, and not the task-grant
     * subject type. Those go to the sub-agent exchange; every other request naming an attestation stays this one's.
     */
    public static boolean namesChainTokenTypes(Map<String, List<String>> form) {
        List<String> subjectTypes = form.get(SUBJECT_TOKEN_TYPE);
        List<String> actorTypes = form.get(ACTOR_TOKEN_TYPE);
        return subjectTypes != null
                && actorTypes != null
                && subjectTypes.contains(ACCESS_TOKEN_TYPE)
                && !subjectTypes.contains(WireContract.TASK_GRANT_TOKEN_TYPE)
                && actorTypes.contains(WireContract.ATTESTATION_TOKEN_TYPE);
    }

    /** Reads the decoded form of the token request. */
    public static ExchangeRequest parse(Map<String, List<String>> form) throws ExchangeRefusal {
        checkShape(form);
        String subjectType = required(form, SUBJECT_TOKEN_TYPE);
        if (!WireContract.TASK_GRANT_TOKEN_TYPE.equals(subjectType)) {
            throw invalid(
                    "unsupported_subject_token_type",
                    "subject_token_type must be " + WireContract.TASK_GRANT_TOKEN_TYPE);
        }
        String grantId = required(form, SUBJECT_TOKEN);
        String actorType = required(form, ACTOR_TOKEN_TYPE);
        if (!WireContract.ATTESTATION_TOKEN_TYPE.equals(actorType)) {
            throw invalid(
                    "unsupported_actor_token_type", "actor_token_type must be " + WireContract.ATTESTATION_TOKEN_TYPE);
        }
        String presentation = required(form, ACTOR_TOKEN);
        requireAccessTokenRequested(form);
        return new ExchangeRequest(grantId, presentation, scopes(form), first(form, AUDIENCE), first(form, RESOURCE));
    }

    /** {@code requested_token_type}, when sent, is the access-token URN. */
    public static void requireAccessTokenRequested(Map<String, List<String>> form) throws ExchangeRefusal {
        Optional<String> requestedType = first(form, REQUESTED_TOKEN_TYPE);
        if (requestedType.isPresent() && !ACCESS_TOKEN_TYPE.equals(requestedType.get())) {
            // RFC 8693 §2.1: the server may refuse other types; no refresh, ID or SAML token ever comes from a grant.
            throw invalid("unsupported_requested_token_type", "requested_token_type must be " + ACCESS_TOKEN_TYPE);
        }
    }

    /** The {@code scope} parameter as scope tokens, when sent; {@code invalid_scope} when not RFC 6749 §3.3 syntax. */
    public static Optional<Set<String>> scopes(Map<String, List<String>> form) throws ExchangeRefusal {
        Optional<Set<String>> scopes = first(form, SCOPE).map(ExchangeRequest::scopes);
        if (scopes.isPresent() && scopes.get().isEmpty()) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_SCOPE,
                    "malformed_scope",
                    "scope must be scope tokens separated by single spaces (RFC 6749 §3.3)");
        }
        return scopes;
    }

    /**
     * The rules every exchange of the extension applies to the whole form first: only its own parameters plus client
     * authentication, none repeated or empty, none holding U+FFFD, none over its size.
     */
    public static void checkShape(Map<String, List<String>> form) throws ExchangeRefusal {
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            String name = parameter.getKey();
            if (!OWN.contains(name) && !CLIENT_AUTHENTICATION.contains(name)) {
                throw invalid("unknown_parameter", "Parameter " + shown(name) + " is not supported by this exchange");
            }
            List<String> values = parameter.getValue();
            if (values.size() > 1) {
                throw invalid("repeated_parameter", "Parameter " + name + " is repeated");
            }
            String value = values.isEmpty() ? "" : values.get(0);
            if (value == null || value.isEmpty()) {
                throw invalid("empty_parameter", "Parameter " + name + " is empty");
            }
            if (value.indexOf(REPLACEMENT_CHARACTER) >= 0) {
                // Keycloak decodes the token endpoint's form before the exchange runs and replaces bytes that are not
                // UTF-8 with U+FFFD; every value read here is ASCII, so the character only ever stands for such bytes.
                throw invalid("invalid_utf8", "Parameter " + name + " is not valid UTF-8");
            }
            int max = name.equals(SUBJECT_TOKEN) || name.equals(ACTOR_TOKEN) || name.equals("client_assertion")
                    ? MAX_TOKEN_LENGTH
                    : MAX_LENGTH;
            if (value.length() > max) {
                throw invalid("oversized_parameter", "Parameter " + name + " is longer than " + max + " characters");
            }
        }
    }

    /** The scope tokens, or an empty set when the value is not RFC 6749 §3.3 syntax (or names one twice). */
    private static Set<String> scopes(String value) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : value.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(token).matches() || !scopes.add(token)) {
                return Set.of();
            }
        }
        return scopes;
    }

    public static String required(Map<String, List<String>> form, String name) throws ExchangeRefusal {
        return first(form, name).orElseThrow(() -> invalid("missing_parameter", "Parameter " + name + " is required"));
    }

    public static Optional<String> first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public static ExchangeRefusal invalid(String reason, String description) {
        return new ExchangeRefusal(OAuthError.INVALID_REQUEST, reason, description);
    }

    /** A parameter name as the agent sent it, cut short and reduced to printable ASCII for the description. */
    private static String shown(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
