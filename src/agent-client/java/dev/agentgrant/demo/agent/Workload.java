package dev.agentgrant.demo.agent;

/** An agent's proofs of itself: presentations of its workload evidence and DPoP proofs, both by its instance key. */
interface Workload {

    /** A fresh attestation presentation for the realm {@code issuer}. */
    String presentation(String issuer);

    /** RFC 9449 §4.2: a proof for one request, naming the access token it carries (null for none). */
    String dpop(String method, String url, String accessToken);

    /** RFC 7638 thumbprint of the instance key, the {@code cnf.jkt} of the tokens bound to it. */
    String thumbprint();
}
