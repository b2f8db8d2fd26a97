package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.DpopProof;
import dev.agentgrant.demo.client.InstanceKey;
import dev.agentgrant.demo.client.Sha256;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.evidence.Presentations;
import dev.agentgrant.demo.evidence.Provenance;
import dev.agentgrant.demo.evidence.StateDir;
import dev.agentgrant.demo.evidence.WorkloadTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;

/**
 * What the agent's workload platform gives it, made with the demo keys of the state directory the realm trusts:
 * fresh workload identity evidence, provenance of the agent's own artifact, the runtime attester's word on the code
 * the agent runs (the digest of that same artifact, as the attester measures the file the agent was started from),
 * presentations and DPoP proofs signed by the instance key the grant is pinned to.
 */
final class AgentEvidence implements Workload {

    /** What the demo realm's attestation policy of demo-agent asks for (realm-exports/agent-grant-demo.json). */
    static final String SPIFFE_ID = "spiffe://example.org/agents/demo";

    static final String NAMESPACE = "agents";
    static final String SERVICE_ACCOUNT = "demo-agent";
    /** The lifetimes the evidence tool gives by default: the SVID 300 s, the service-account token 600 s. */
    private static final long SVID_TTL = 300;

    private static final long K8S_TTL = 600;
    /** The runtime attester's tokens live as long as the SVID: both say what runs now. */
    private static final long RUNTIME_TTL = 300;

    private static final long PRESENTATION_TTL = 30;

    private final WorkloadTokens tokens;
    private final InstanceKey instanceKey;
    private final String agent;
    private final String provenance;
    private final String digest;
    private final AgentArtifact artifact;
    /** The pod this agent instance runs in, for as long as it runs: the same in every token that names it. */
    private final String pod = WorkloadTokens.podName(SERVICE_ACCOUNT);

    private AgentEvidence(StateDir state, String agent, AgentArtifact artifact)
            throws IOException, GeneralSecurityException {
        this.tokens = new WorkloadTokens(state);
        this.instanceKey = state.instanceKey();
        this.agent = agent;
        this.artifact = artifact;
        this.digest = Sha256.ofFile(artifact.file());
        this.provenance = new Provenance(state).envelope(artifact.name(), digest, Provenance.Build.defaults(), null);
    }

    static AgentEvidence load(Path dir, String agent) {
        if (!Files.isRegularFile(dir.resolve("instance-key.json"))) {
            throw new ToolFailure("no " + dir.resolve("instance-key.json")
                    + " here: run the demo agent from the project" + " root, or pass --evidence-dir");
        }
        try {
            return new AgentEvidence(new StateDir(dir), agent, AgentArtifact.locate());
        } catch (NoSuchFileException e) {
            throw new ToolFailure("no such file: " + e.getFile() + " (pass --evidence-dir)");
        } catch (IOException | GeneralSecurityException e) {
            throw new ToolFailure("cannot make the agent's evidence: " + e);
        }
    }

    AgentArtifact artifact() {
        return artifact;
    }

    /** sha256:<hex> of the artifact the provenance is about. */
    String digest() {
        return digest;
    }

    /** The pod the agent's service-account and runtime tokens name. */
    String pod() {
        return pod;
    }

    /**
     * A fresh presentation: new short-lived SVID, service-account token and runtime attester's token, the provenance,
     * the instance key's signature. The runtime token measures the agent's artifact file now, so code changed after the
     * provenance was signed shows a digest the provenance does not name.
     */
    @Override
    public String presentation(String issuer) {
        try {
            String svid = tokens.svid(SPIFFE_ID, issuer, SVID_TTL, false);
            String k8s = tokens.k8sToken(NAMESPACE, SERVICE_ACCOUNT, issuer, pod, K8S_TTL, false);
            String runtime = tokens.runtimeToken(
                    NAMESPACE, pod, artifact.name(), Sha256.ofFile(artifact.file()), issuer, RUNTIME_TTL, false);
            return Presentations.sign(
                    instanceKey,
                    agent,
                    issuer,
                    PRESENTATION_TTL,
                    UUID.randomUUID().toString(),
                    List.of(
                            Presentations.item("spire", "jwt", svid),
                            Presentations.item("k8s", "jwt", k8s),
                            Presentations.item("build", "dsse", provenance),
                            Presentations.item("runtime", "jwt", runtime)));
        } catch (IOException | GeneralSecurityException e) {
            throw new ToolFailure("minting evidence failed: " + e);
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
