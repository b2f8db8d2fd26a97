package dev.agentgrant.keycloak.grant.request;

import static dev.agentgrant.keycloak.support.OAuthError.INVALID_REQUEST;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The form of a grant request, checked for shape before any value is read: only known parameters, each at most once
 * (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once"), none longer than its cap
 * (docs/wire-contract.md, "Request a grant"). A parameter sent without a value counts as omitted (RFC 6749 §3.1);
 * omitted never means "everything".
 */
final class FormParameters {

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = values;
    }

    static FormParameters of(Map<String, List<String>> form) throws InvalidRequest {
        Map<String, List<String>> sorted = new TreeMap<>();
        if (form != null) {
            for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
                if (parameter.getKey() == null || !GrantRequestParameters.ALL.contains(parameter.getKey())) {
                    throw new InvalidRequest(
                            INVALID_REQUEST,
                            "unknown_parameter",
                            "The request carries a parameter this endpoint does not define"
                                    + (parameter.getKey() != null
                                                    && parameter.getKey().matches("[a-z_]{1,40}")
                                            ? ": " + parameter.getKey()
                                            : ""));
                }
                sorted.put(parameter.getKey(), parameter.getValue() == null ? List.of() : parameter.getValue());
            }
        }
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, List<String>> parameter : sorted.entrySet()) {
            String name = parameter.getKey();
            List<String> given = parameter.getValue();
            if (given.size() > 1) {
                throw new InvalidRequest(INVALID_REQUEST, "duplicate_parameter", "Parameter " + name + " is repeated");
            }
            String value = given.isEmpty() || given.get(0) == null ? "" : given.get(0);
            int cap = GrantRequestParameters.maxLength(name);
            if (value.length() > cap) {
                throw new InvalidRequest(
                        INVALID_REQUEST, "parameter_too_long", "Parameter " + name + " exceeds " + cap + " characters");
            }
            if (!value.isEmpty()) {
                values.put(name, value);
            }
        }
        return new FormParameters(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
