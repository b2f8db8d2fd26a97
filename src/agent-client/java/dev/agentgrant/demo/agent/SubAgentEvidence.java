package dev.agentgrant.demo.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.agentgrant.demo.client.DpopProof;
import dev.agentgrant.demo.client.InstanceKey;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.evidence.Presentations;
import dev.agentgrant.demo.evidence.StateDir;
import dev.agentgrant.demo.evidence.WorkloadTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;

/**
 * The sub-agent's own workload, apart from the agent that hands it a task: its own SPIFFE ID and Kubernetes service
 * account (what the demo realm's attestation policy of demo-calendar-helper asks for), its own pod, and an instance
 * key of its own, made when it starts. The realm pins no key for a sub-agent in advance: its token is bound to the key
 * its presentation carries and its DPoP proof is signed with (docs/wire-contract.md, "Sub-agent chains").
 */
final class SubAgentEvidence implements Workload {

    static final String SPIFFE_ID = "spiffe://example.org/agents/calendar-helper";
    static final String SERVICE_ACCOUNT = "demo-calendar-helper";

    private static final long SVID_TTL = 300;
    private static final long K8S_TTL = 600;
    private static final long PRESENTATION_TTL = 30;

    private final WorkloadTokens tokens;
    private final InstanceKey instanceKey;
    private final String agent;
    private final String pod = WorkloadTokens.podName(SERVICE_ACCOUNT);

    SubAgentEvidence(Path dir, String agent) {
        this.tokens = new WorkloadTokens(new StateDir(dir));
        this.agent = agent;
        try {
            this.instanceKey = InstanceKey.of(new ECKeyGenerator(Curve.P_256).generate());
        } catch (JOSEException e) {
            throw new ToolFailure("cannot make the sub-agent's instance key: " + e.getMessage());
        }
    }

    /** The pod the sub-agent's service-account token names. */
    String pod() {
        return pod;
    }

    @Override
    public String presentation(String issuer) {
        try {
            String svid = tokens.svid(SPIFFE_ID, issuer, SVID_TTL, false);
            String k8s = tokens.k8sToken(AgentEvidence.NAMESPACE, SERVICE_ACCOUNT, issuer, pod, K8S_TTL, false);
            return Presentations.sign(
                    instanceKey,
                    agent,
                    issuer,
                    PRESENTATION_TTL,
                    UUID.randomUUID().toString(),
                    List.of(Presentations.item("spire", "jwt", svid), Presentations.item("k8s", "jwt", k8s)));
        } catch (IOException | GeneralSecurityException e) {
            throw new ToolFailure("minting the sub-agent's evidence failed: " + e);
        }
    }

    @Override
    public String dpop(String method, String url, String accessToken) {
        return DpopProof.sign(instanceKey, method, url, accessToken, null, null);
    }

    @Override
    public String thumbprint() {
        return instanceKey.thumbprint();
    }
}
