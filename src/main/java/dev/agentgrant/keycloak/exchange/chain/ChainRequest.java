package dev.agentgrant.keycloak.exchange.chain;

import static dev.agentgrant.keycloak.exchange.ExchangeRequest.first;
import static dev.agentgrant.keycloak.exchange.ExchangeRequest.invalid;
import static dev.agentgrant.keycloak.exchange.ExchangeRequest.required;

import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.exchange.ExchangeRequest;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sub-agent's exchange request (RFC 8693 §2.1; docs/wire-contract.md, "Sub-agent chains"): {@code subject_token} = the
 * parent's task token as {@code urn:ietf:params:oauth:token-type:access_token}, {@code actor_token} = the sub-agent's
 * own attestation presentation. Read as strictly as the task-grant exchange ({@link ExchangeRequest#checkShape}): the
 * same parameters, none repeated, empty or oversized; anything else is {@code invalid_request}, never ignored.
 *
 * @param subjectToken the parent's task token
 * @param presentation the sub-agent's attestation presentation
 */
public record ChainRequest(
        String subjectToken,
        String presentation,
        Optional<Set<String>> scopes,
        Optional<String> audience,
        Optional<String> resource) {

    public static ChainRequest parse(Map<String, List<String>> form) throws ExchangeRefusal {
        ExchangeRequest.checkShape(form);
        if (!ExchangeRequest.ACCESS_TOKEN_TYPE.equals(required(form, ExchangeRequest.SUBJECT_TOKEN_TYPE))) {
            throw invalid(
                    "unsupported_subject_token_type",
                    "subject_token_type must be " + ExchangeRequest.ACCESS_TOKEN_TYPE + " for a sub-agent");
        }
        String subjectToken = required(form, ExchangeRequest.SUBJECT_TOKEN);
        if (!WireContract.ATTESTATION_TOKEN_TYPE.equals(required(form, ExchangeRequest.ACTOR_TOKEN_TYPE))) {
            throw invalid(
                    "unsupported_actor_token_type", "actor_token_type must be " + WireContract.ATTESTATION_TOKEN_TYPE);
        }
        String presentation = required(form, ExchangeRequest.ACTOR_TOKEN);
        ExchangeRequest.requireAccessTokenRequested(form);
        return new ChainRequest(
                subjectToken,
                presentation,
                ExchangeRequest.scopes(form),
                first(form, ExchangeRequest.AUDIENCE),
                first(form, ExchangeRequest.RESOURCE));
    }
}
