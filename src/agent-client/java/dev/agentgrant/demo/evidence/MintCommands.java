package dev.agentgrant.demo.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.regex.Pattern;

/** The commands that make trust anchors and workload tokens: init, svid, k8s-token, oidc-token, runtime-token. */
final class MintCommands {

    /** SPIFFE ID §2.1: trust domain names are lowercase letters, digits, '.', '-' and '_'. */
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
    /** RFC 1123 label (Kubernetes namespaces). */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain (service accounts, pods). */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");

    static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final String BIND_HELP = "add cnf.jkt = thumbprint of instance-key.json";

    private MintCommands() {}

    static List<Command> all() {
        return List.of(
                new Command(
                        "init",
                        "create demo trust anchors, an instance key and sources.json",
                        "init [--trust-domain D] [--k8s-issuer URL] [--oidc-issuer URL] [--runtime-issuer URL] [--k8s-alg ES256|RS256] [--oidc-alg ES256|RS256] [--force]",
                        """
                        Creates, in the state directory: one signing key per trust anchor (PKCS#8 PEM, readable by the
                        owner only where the file system allows), the public trust material Keycloak needs
                        (spiffe-bundle.json, k8s-jwks.json, oidc-jwks.json, runtime-jwks.json, provenance-signer.pem),
                        the agent instance key (instance-key.json, a private EC JWK), settings.json, and sources.json:
                        the five attestation source definitions (spire, k8s, gha, build, runtime) ready to POST to
                        /admin/realms/{realm}/components after replacing "<realm-id>" with the realm's id.
                        Refuses to overwrite an existing state directory unless --force is given.
                        """,
                        List.of(
                                Option.value("trust-domain", "D", "SPIFFE trust domain (default example.org)"),
                                Option.value(
                                        "k8s-issuer",
                                        "URL",
                                        "Kubernetes service-account issuer (default https://kubernetes.default.svc.cluster.local)"),
                                Option.value(
                                        "oidc-issuer",
                                        "URL",
                                        "CI token issuer (default https://token.actions.githubusercontent.com)"),
                                Option.value(
                                        "runtime-issuer",
                                        "URL",
                                        "runtime attester token issuer (default https://runtime-attester.example.org)"),
                                Option.value(
                                        "k8s-alg",
                                        "ALG",
                                        "ES256 (default, P-256 key) or RS256 (RSA-2048 key, as most clusters use)"),
                                Option.value(
                                        "oidc-alg",
                                        "ALG",
                                        "ES256 (default, P-256 key) or RS256 (RSA-2048 key, as GitHub uses)"),
                                Option.flag("force", "replace existing demo keys")),
                        false,
                        MintCommands::init),
                new Command(
                        "svid",
                        "mint a SPIFFE JWT-SVID",
                        "svid --spiffe-id ID --audience URL [--ttl SECONDS] [--bind]",
                        """
                        Prints a JWT-SVID (SPIFFE JWT-SVID §2–§3) for the SPIFFE ID, signed with the demo SPIRE key
                        (ES256, kid from spiffe-bundle.json). The audience is the realm's issuer URL, e.g.
                        http://localhost:8080/realms/agent-grant-demo. --bind adds cnf.jkt, binding the SVID to the
                        instance key (RFC 7800 §3.1), as a policy with "key_binding" checks.
                        """,
                        List.of(
                                Option.value("spiffe-id", "ID", "spiffe://<trust domain>/<path> (required)"),
                                Option.value("audience", "URL", "the realm's issuer URL (required)"),
                                Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 300)"),
                                Option.flag("bind", BIND_HELP)),
                        true,
                        MintCommands::svid),
                new Command(
                        "k8s-token",
                        "mint a Kubernetes projected service-account token",
                        "k8s-token --namespace NS --service-account SA --audience URL [--pod NAME] [--ttl SECONDS] [--bind]",
                        """
                        Prints a projected service-account token as the API server issues it through the TokenRequest
                        API: iss = the Kubernetes issuer from init, sub = system:serviceaccount:<ns>:<sa>, the
                        kubernetes.io claim with namespace, serviceaccount {name, uid} and pod {name, uid}, iat, nbf,
                        exp. Without --pod a pod name is made up. The service account's uid is derived from its name,
                        so it is the same in every token.
                        """,
                        List.of(
                                Option.value("namespace", "NS", "namespace, an RFC 1123 label (required)"),
                                Option.value("service-account", "SA", "service account name (required)"),
                                Option.value("audience", "URL", "the realm's issuer URL (required)"),
                                Option.value("pod", "NAME", "pod the token is bound to (default <sa>-<random suffix>)"),
                                Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 600)"),
                                Option.flag("bind", BIND_HELP)),
                        true,
                        MintCommands::k8sToken),
                new Command(
                        "oidc-token",
                        "mint a GitHub-Actions-shaped OIDC workload token",
                        "oidc-token --repository OWNER/NAME --ref REF --sha HEX40 --workflow NAME --audience URL [--ttl SECONDS] [--bind]",
                        """
                        Prints a workload identity token shaped like the ones GitHub Actions issues to a job
                        (iss = the OIDC issuer from init, sub = repo:<repository>:ref:<ref>, repository, ref, sha,
                        workflow, job_workflow_ref, repository_owner, run_id, actor, event_name, …).
                        """,
                        List.of(
                                Option.value("repository", "OWNER/NAME", "repository (required)"),
                                Option.value("ref", "REF", "git ref, e.g. refs/heads/main (required)"),
                                Option.value("sha", "HEX40", "commit SHA, 40 lowercase hex characters (required)"),
                                Option.value("workflow", "NAME", "workflow name (required)"),
                                Option.value("audience", "URL", "the realm's issuer URL (required)"),
                                Option.value(
                                        "workflow-path",
                                        "PATH",
                                        "workflow file (default .github/workflows/<workflow>.yml)"),
                                Option.value("actor", "LOGIN", "who triggered the run (default octocat)"),
                                Option.value("event-name", "EVENT", "triggering event (default push)"),
                                Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 300)"),
                                Option.flag("bind", BIND_HELP)),
                        true,
                        MintCommands::oidcToken),
                new Command(
                        "runtime-token",
                        "mint a runtime attester's token about the code a workload runs",
                        "runtime-token --namespace NS --pod NAME (--digest ALG:HEX | --file PATH) --audience URL [--artifact NAME] [--ttl SECONDS] [--bind]",
                        """
                        Prints what a runtime attester (a node agent that measures what a workload actually runs) says
                        about one workload: an OIDC-style JWT signed with the runtime key (ES256, kid from
                        runtime-jwks.json), iss = the runtime issuer from init, sub = <namespace>/<pod>, and the claim
                        workload {namespace, pod, artifact, artifact_digest}. The source 'runtime' of sources.json maps
                        artifact_digest to the fact code_digest, which a policy ties to a provenance subject digest
                        ("same": [["runtime.code_digest", "build.subject_digests"]]): the code running is the build.
                        """,
                        List.of(
                                Option.value("namespace", "NS", "namespace, an RFC 1123 label (required)"),
                                Option.value("pod", "NAME", "the pod, an RFC 1123 subdomain (required)"),
                                Option.value(
                                        "digest",
                                        "ALG:HEX",
                                        "digest of the running artifact: sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>"),
                                Option.value(
                                        "file", "PATH", "compute the sha256 digest of this file instead of --digest"),
                                Option.value("audience", "URL", "the realm's issuer URL (required)"),
                                Option.value(
                                        "artifact",
                                        "NAME",
                                        "the artifact's name (default: the file's name, or 'artifact')"),
                                Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 300)"),
                                Option.flag("bind", BIND_HELP)),
                        true,
                        MintCommands::runtimeToken));
    }

    private static void init(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String trustDomain = args.value("trust-domain", "example.org");
        if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
            throw new UsageError("--trust-domain must be lowercase letters, digits, '.', '-' or '_' (SPIFFE ID §2.1)");
        }
        TrustAnchors.Anchors anchors = new TrustAnchors.Anchors(
                trustDomain,
                Inputs.url(args.value("k8s-issuer", "https://kubernetes.default.svc.cluster.local"), "--k8s-issuer"),
                Inputs.url(args.value("oidc-issuer", "https://token.actions.githubusercontent.com"), "--oidc-issuer"),
                Inputs.url(args.value("runtime-issuer", "https://runtime-attester.example.org"), "--runtime-issuer"),
                jwsAlgorithm(args.value("k8s-alg", "ES256"), "--k8s-alg"),
                jwsAlgorithm(args.value("oidc-alg", "ES256"), "--oidc-alg"));
        try {
            new TrustAnchors(context.state()).create(anchors, args.has("force"), context.out());
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static void svid(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String spiffeId = args.required("spiffe-id");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 300, 1, 86_400);
        context.out().println(new WorkloadTokens(context.state()).svid(spiffeId, audience, ttl, args.has("bind")));
    }

    private static void k8sToken(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String namespace = args.required("namespace");
        String serviceAccount = args.required("service-account");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 600, 1, 86_400);
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new UsageError("--namespace must be an RFC 1123 label (lowercase letters, digits, '-')");
        }
        if (!DNS_SUBDOMAIN.matcher(serviceAccount).matches()) {
            throw new UsageError("--service-account must be an RFC 1123 subdomain");
        }
        String pod = args.value("pod", WorkloadTokens.podName(serviceAccount));
        if (!DNS_SUBDOMAIN.matcher(pod).matches()) {
            throw new UsageError("--pod must be an RFC 1123 subdomain");
        }
        context.out()
                .println(new WorkloadTokens(context.state())
                        .k8sToken(namespace, serviceAccount, audience, pod, ttl, args.has("bind")));
    }

    private static void oidcToken(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String repository = args.required("repository");
        String ref = args.required("ref");
        String sha = args.required("sha");
        String workflow = args.required("workflow");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 300, 1, 86_400);
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new UsageError("--repository must be OWNER/NAME");
        }
        if (!GIT_SHA.matcher(sha).matches()) {
            throw new UsageError("--sha must be 40 lowercase hex characters");
        }
        GithubJob job = new GithubJob(
                repository,
                ref,
                sha,
                workflow,
                args.value("workflow-path", ".github/workflows/" + workflow + ".yml"),
                args.value("actor", "octocat"),
                args.value("event-name", "push"));
        context.out().println(new WorkloadTokens(context.state()).oidcToken(job, audience, ttl, args.has("bind")));
    }

    private static void runtimeToken(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String namespace = args.required("namespace");
        String pod = args.required("pod");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 300, 1, 86_400);
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new UsageError("--namespace must be an RFC 1123 label (lowercase letters, digits, '-')");
        }
        if (!DNS_SUBDOMAIN.matcher(pod).matches()) {
            throw new UsageError("--pod must be an RFC 1123 subdomain");
        }
        String digest = Inputs.digest(args);
        String artifact = args.value(
                "artifact",
                args.has("file") ? Path.of(args.required("file")).getFileName().toString() : "artifact");
        if (artifact.isEmpty() || artifact.chars().anyMatch(Character::isISOControl)) {
            throw new UsageError("--artifact must be non-empty, without control characters");
        }
        context.out()
                .println(new WorkloadTokens(context.state())
                        .runtimeToken(namespace, pod, artifact, digest, audience, ttl, args.has("bind")));
    }

    private static JWSAlgorithm jwsAlgorithm(String value, String option) {
        if (!value.equals("ES256") && !value.equals("RS256")) {
            throw new UsageError(option + " must be ES256 or RS256");
        }
        return JWSAlgorithm.parse(value);
    }
}
