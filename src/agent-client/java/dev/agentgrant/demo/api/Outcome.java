package dev.agentgrant.demo.api;

import java.util.Map;

/** What {@link Guard#check} decided. */
sealed interface Outcome permits Outcome.Accepted, Outcome.Refused {

    /**
     * The token passed: introspection's answer for it (RFC 7662 §2.2), which this API's answer repeats, and how many
     * seconds ago introspection gave it when it came from {@link IntrospectionCache} (-1: asked for this call).
     */
    record Accepted(Map<String, Object> introspection, long cachedAgeSeconds) implements Outcome {}

    /** A refusal: 401 (403 for a missing scope) with its RFC 6750 §3 / RFC 9449 §7.1 challenge, or 503 without one. */
    record Refused(int status, String error, String description, String challenge) implements Outcome {

        static Refused token(String description) {
            return of(401, "invalid_token", description);
        }

        static Refused proof(String description) {
            return of(401, "invalid_dpop_proof", description);
        }

        static Refused of(int status, String error, String description) {
            // RFC 6750 §3: error_description holds printable ASCII without '"' and '\\'.
            return new Refused(
                    status,
                    error,
                    description,
                    "DPoP algs=\"" + ProofVerifier.ALGORITHM + "\", error=\""
                            + error + "\", error_description=\""
                            + description.replaceAll("[^\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]", "?") + "\"");
        }
    }
}
