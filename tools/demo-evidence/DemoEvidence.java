import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Demo trust anchors and demo attestation evidence for Agent Grant for Keycloak, with nothing but a JDK 17+:
 * <pre>
 * java tools/demo-evidence/DemoEvidence.java &lt;command&gt; [options]
 * </pre>
 * {@code init} creates signing keys standing in for a SPIRE server, a Kubernetes API server, a CI OIDC issuer
 * (GitHub Actions) and a build provenance signer, the matching public trust material, an agent instance key and
 * the attestation source definitions for Keycloak's admin REST API. The other commands mint evidence with those
 * keys: JWT-SVIDs, projected service-account tokens, CI workload tokens, SLSA provenance in DSSE envelopes, and
 * the attestation presentation that carries them. See tools/demo-evidence/README.md.
 *
 * <p>Deliberately self-contained: JWS (RFC 7515, ES256 and RS256 of RFC 7518 §3.3–§3.4) and DSSE (PAE, DSSE
 * protocol v1) are implemented here with the JDK alone and share no code with the extension, so tests that check
 * this tool's output with the extension's verifiers compare two independent implementations.
 *
 * <p>The keys are demo keys, written unencrypted to disk. Never trust them outside a demo.
 */
public final class DemoEvidence {

    static final String DEFAULT_DIR = "demo-evidence";
    static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";
    static final String REALM_ID_PLACEHOLDER = "<realm-id>";
    static final String PRESENTATION_TYP = "agent-attestation+jwt";
    static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
    /** Wire contract: a presentation lives at most 60 s and carries at most 8 evidence items. */
    static final int PRESENTATION_MAX_TTL = 60;
    static final int MAX_EVIDENCE_ITEMS = 8;
    /** Keycloak 26.7's default cap for token parameters (req-token-params-default-max-size). */
    static final int TOKEN_PARAMETER_LIMIT = 20_000;

    static final String SPIRE_KEY = "spire-key.pem";
    static final String SPIFFE_BUNDLE = "spiffe-bundle.json";
    static final String K8S_KEY = "k8s-key.pem";
    static final String K8S_JWKS = "k8s-jwks.json";
    static final String OIDC_KEY = "oidc-key.pem";
    static final String OIDC_JWKS = "oidc-jwks.json";
    static final String PROVENANCE_KEY = "provenance-key.pem";
    static final String PROVENANCE_SIGNER = "provenance-signer.pem";
    static final String INSTANCE_KEY = "instance-key.json";
    static final String SOURCES = "sources.json";
    static final String SETTINGS = "settings.json";
    /** The client attribute holding an agent's attestation policy (docs/attestation.md, "Policies"). */
    static final String POLICY_ATTRIBUTE = "agent-grant.attestation-policy";
    static final List<String> INIT_FILES = List.of(SPIRE_KEY, SPIFFE_BUNDLE, K8S_KEY, K8S_JWKS, OIDC_KEY, OIDC_JWKS,
            PROVENANCE_KEY, PROVENANCE_SIGNER, INSTANCE_KEY, SOURCES, SETTINGS);

    /** SPIFFE ID §2.1: trust domain names are lowercase letters, digits, '.', '-' and '_'. */
    static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
    /** RFC 1123 label (Kubernetes namespaces). */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain (service accounts, pods). */
    static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");
    static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{40}");
    static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    static final Pattern SOURCE_ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);

    private DemoEvidence() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs one command; returns the exit code: 0 done, 1 failed, 2 usage error. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(overview());
            return 2;
        }
        String name = args[0];
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(overview());
            return 0;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.println("demo-evidence: unknown command '" + name + "'");
            err.print(overview());
            return 2;
        }
        try {
            Arguments arguments = Arguments.parse(command, List.of(args).subList(1, args.length));
            if (arguments.flag("help")) {
                out.print(command.help());
                return 0;
            }
            command.action().run(arguments, new Context(arguments.dir(), in, out, err));
            return 0;
        } catch (UsageError e) {
            err.println("demo-evidence " + name + ": " + e.getMessage());
            err.println("Usage: " + command.synopsis() + "  (see --help)");
            return 2;
        } catch (Failure e) {
            err.println("demo-evidence " + name + ": " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("demo-evidence " + name + ": no such file: " + e.getFile()
                    + (command.needsInit() ? " (run 'init' first, or pass --dir)" : ""));
            return 1;
        } catch (IOException e) {
            err.println("demo-evidence " + name + ": I/O error: " + e);
            return 1;
        } catch (GeneralSecurityException e) {
            err.println("demo-evidence " + name + ": cryptography error: " + e);
            return 1;
        } catch (RuntimeException e) {
            err.println("demo-evidence " + name + ": unexpected error: " + e);
            return 1;
        }
    }

    // ------------------------------------------------------------------------------------------------ commands

    private static final String DIR_HELP = "state directory holding the demo keys (default ./" + DEFAULT_DIR + ")";

    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        add(new Command("init", "create demo trust anchors, an instance key and sources.json",
                "init [--trust-domain D] [--k8s-issuer URL] [--oidc-issuer URL] [--k8s-alg ES256|RS256] [--oidc-alg ES256|RS256] [--force]",
                """
                Creates, in the state directory: one signing key per trust anchor (PKCS#8 PEM, readable by the
                owner only where the file system allows), the public trust material Keycloak needs
                (spiffe-bundle.json, k8s-jwks.json, oidc-jwks.json, provenance-signer.pem), the agent instance
                key (instance-key.json, a private EC JWK), settings.json, and sources.json: the four attestation
                source definitions (spire, k8s, gha, build) ready to POST to
                /admin/realms/{realm}/components after replacing "<realm-id>" with the realm's id.
                Refuses to overwrite an existing state directory unless --force is given.
                """,
                List.of(Option.value("trust-domain", "D", "SPIFFE trust domain (default example.org)"),
                        Option.value("k8s-issuer", "URL", "Kubernetes service-account issuer (default https://kubernetes.default.svc.cluster.local)"),
                        Option.value("oidc-issuer", "URL", "CI token issuer (default https://token.actions.githubusercontent.com)"),
                        Option.value("k8s-alg", "ALG", "ES256 (default, P-256 key) or RS256 (RSA-2048 key, as most clusters use)"),
                        Option.value("oidc-alg", "ALG", "ES256 (default, P-256 key) or RS256 (RSA-2048 key, as GitHub uses)"),
                        Option.flag("force", "replace existing demo keys")),
                false, DemoEvidence::init));
        add(new Command("svid", "mint a SPIFFE JWT-SVID",
                "svid --spiffe-id ID --audience URL [--ttl SECONDS] [--bind]",
                """
                Prints a JWT-SVID (SPIFFE JWT-SVID §2–§3) for the SPIFFE ID, signed with the demo SPIRE key
                (ES256, kid from spiffe-bundle.json). The audience is the realm's issuer URL, e.g.
                http://localhost:8080/realms/agent-grant-demo. --bind adds cnf.jkt, binding the SVID to the
                instance key (RFC 7800 §3.1), as a policy with "key_binding" checks.
                """,
                List.of(Option.value("spiffe-id", "ID", "spiffe://<trust domain>/<path> (required)"),
                        Option.value("audience", "URL", "the realm's issuer URL (required)"),
                        Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 300)"),
                        Option.flag("bind", "add cnf.jkt = thumbprint of instance-key.json")),
                true, DemoEvidence::svid));
        add(new Command("k8s-token", "mint a Kubernetes projected service-account token",
                "k8s-token --namespace NS --service-account SA --audience URL [--pod NAME] [--ttl SECONDS] [--bind]",
                """
                Prints a projected service-account token as the API server issues it through the TokenRequest
                API: iss = the Kubernetes issuer from init, sub = system:serviceaccount:<ns>:<sa>, the
                kubernetes.io claim with namespace, serviceaccount {name, uid} and pod {name, uid}, iat, nbf,
                exp. Without --pod a pod name is made up. The service account's uid is derived from its name,
                so it is the same in every token.
                """,
                List.of(Option.value("namespace", "NS", "namespace, an RFC 1123 label (required)"),
                        Option.value("service-account", "SA", "service account name (required)"),
                        Option.value("audience", "URL", "the realm's issuer URL (required)"),
                        Option.value("pod", "NAME", "pod the token is bound to (default <sa>-<random suffix>)"),
                        Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 600)"),
                        Option.flag("bind", "add cnf.jkt = thumbprint of instance-key.json")),
                true, DemoEvidence::k8sToken));
        add(new Command("oidc-token", "mint a GitHub-Actions-shaped OIDC workload token",
                "oidc-token --repository OWNER/NAME --ref REF --sha HEX40 --workflow NAME --audience URL [--ttl SECONDS] [--bind]",
                """
                Prints a workload identity token shaped like the ones GitHub Actions issues to a job
                (iss = the OIDC issuer from init, sub = repo:<repository>:ref:<ref>, repository, ref, sha,
                workflow, job_workflow_ref, repository_owner, run_id, actor, event_name, …).
                """,
                List.of(Option.value("repository", "OWNER/NAME", "repository (required)"),
                        Option.value("ref", "REF", "git ref, e.g. refs/heads/main (required)"),
                        Option.value("sha", "HEX40", "commit SHA, 40 lowercase hex characters (required)"),
                        Option.value("workflow", "NAME", "workflow name (required)"),
                        Option.value("audience", "URL", "the realm's issuer URL (required)"),
                        Option.value("workflow-path", "PATH", "workflow file (default .github/workflows/<workflow>.yml)"),
                        Option.value("actor", "LOGIN", "who triggered the run (default octocat)"),
                        Option.value("event-name", "EVENT", "triggering event (default push)"),
                        Option.value("ttl", "SECONDS", "lifetime, 1–86400 (default 300)"),
                        Option.flag("bind", "add cnf.jkt = thumbprint of instance-key.json")),
                true, DemoEvidence::oidcToken));
        add(new Command("provenance", "sign SLSA provenance v1 in a DSSE envelope",
                "provenance --subject-name NAME (--digest ALG:HEX | --file PATH) [--builder-id URI] [--repository URL] [--ref REF] [--build-type URI] [--sha HEX40] [--keyid ID]",
                """
                Prints a DSSE envelope (one line of JSON) holding an in-toto Statement v1 about one subject,
                with predicateType https://slsa.dev/provenance/v1: buildDefinition {buildType,
                externalParameters.workflow {repository, ref, path}, resolvedDependencies when --sha is given},
                runDetails {builder.id, metadata {invocationId, startedOn, finishedOn}}. Signed over the DSSE
                pre-authentication encoding with the provenance key (ECDSA P-256, DER signature). The keyid is
                the key's RFC 7638 thumbprint, which is the id Keycloak gives a key configured as PEM; a signature
                whose keyid names another key is not tried against it (DSSE protocol, keyid hint).
                """,
                List.of(Option.value("subject-name", "NAME", "artifact name (required)"),
                        Option.value("digest", "ALG:HEX", "artifact digest: sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>"),
                        Option.value("file", "PATH", "compute the sha256 digest of this file instead of --digest"),
                        Option.value("builder-id", "URI", "default https://github.com/actions/runner/github-hosted"),
                        Option.value("repository", "URL", "default https://github.com/acme/agent"),
                        Option.value("ref", "REF", "default refs/heads/main"),
                        Option.value("workflow-path", "PATH", "default .github/workflows/release.yml"),
                        Option.value("build-type", "URI", "default https://actions.github.io/buildtypes/workflow/v1"),
                        Option.value("sha", "HEX40", "source commit, recorded as resolvedDependencies[0].digest.gitCommit"),
                        Option.value("keyid", "ID", "keyid hint of the signature (default: the key's thumbprint; '' omits it)")),
                true, DemoEvidence::provenance));
        add(new Command("presentation", "sign an attestation presentation carrying evidence",
                "presentation --agent CLIENT_ID --audience URL --evidence SOURCE=FORMAT:VALUE ... [--ttl SECONDS] [--jti ID]",
                """
                Prints the attestation presentation (the actor_token): a compact JWS with header
                {"alg":"ES256","typ":"agent-attestation+jwt"} signed with instance-key.json, and claims iss
                (the agent's client_id), aud (the realm's issuer URL), iat, exp (iat + ttl, at most 60 s), jti,
                cnf.jwk (the instance key's public part) and evidence [{source, format, value}].
                --evidence is repeatable, one per source: FORMAT is jwt, dsse or digest-ref; VALUE is @FILE
                (the file's content, trimmed), @- (standard input, at most once) or the literal value.
                Example: --evidence spire=jwt:@svid.jwt --evidence build=dsse:@provenance.json
                """,
                List.of(Option.value("agent", "CLIENT_ID", "the agent's client_id (required)"),
                        Option.value("audience", "URL", "the realm's issuer URL (required)"),
                        Option.repeated("evidence", "SOURCE=FORMAT:VALUE", "an evidence item (repeatable, at most 8)"),
                        Option.value("ttl", "SECONDS", "lifetime, 1–60 (default 30)"),
                        Option.value("jti", "ID", "single-use id (default: a random UUID)")),
                true, DemoEvidence::presentation));
        add(new Command("dpop", "sign a DPoP proof for one HTTP request",
                "dpop --method METHOD --url URL [--access-token TOKEN] [--nonce NONCE] [--jti ID]",
                """
                Prints a DPoP proof (RFC 9449 §4.2) for one HTTP request, signed with instance-key.json: header
                {"typ":"dpop+jwt","alg":"ES256","jwk":<the public instance key>}, claims jti, htm (the method),
                htu (the URL without its query and fragment), iat, and ath (the base64url SHA-256 of the access
                token) with --access-token, for a call to a resource server (RFC 9449 §7). Keycloak pins a task
                grant to the key that signed the request's presentation, so proofs for its token exchange come
                from the same instance key. --access-token is @FILE, @- (standard input) or the token itself.
                """,
                List.of(Option.value("method", "METHOD", "the request's HTTP method, e.g. POST (required)"),
                        Option.value("url", "URL", "the request's URL (required)"),
                        Option.value("access-token", "TOKEN", "the access token the request carries (adds ath)"),
                        Option.value("nonce", "NONCE", "a nonce the server sent in DPoP-Nonce (RFC 9449 §8)"),
                        Option.value("jti", "ID", "single-use id (default: a random UUID)")),
                true, DemoEvidence::dpop));
        add(new Command("digest", "print the sha256 digest of a file",
                "digest --file PATH",
                """
                Prints sha256:<hex> of the file, the form provenance --digest takes.
                """,
                List.of(Option.value("file", "PATH", "the file (required)")),
                false, DemoEvidence::digest));
        add(new Command("create-sources", "create the sources of sources.json in a realm",
                "create-sources --url URL --realm REALM [--user NAME] [--password PASSWORD]",
                """
                Signs in to the master realm (client admin-cli, password grant), reads the realm's id
                (GET /admin/realms/{realm}) and POSTs each source of sources.json to
                /admin/realms/{realm}/components with that id as parentId. A source whose name the realm already
                has is skipped with a message and left as it is (delete it to create it again from
                sources.json). Fails (exit 1) if any source is refused, with Keycloak's message.
                """,
                withAdminOptions(),
                true, DemoEvidence::createSources));
        add(new Command("set-policy", "set an agent's attestation policy",
                "set-policy --url URL --realm REALM --client CLIENT_ID --policy @FILE|JSON|NAME [--user NAME] [--password PASSWORD]",
                """
                Sets the client attribute agent-grant.attestation-policy of the agent: reads the client by its
                clientId, sets the attribute and PUTs the whole representation back, so nothing else of the
                client changes. --policy is @FILE, @- (standard input), the policy JSON itself, or the name of
                a realm policy. A JSON policy is sent compact; Keycloak validates it when it is used.
                """,
                withAdminOptions(
                        Option.value("client", "CLIENT_ID", "the agent's clientId (required)"),
                        Option.value("policy", "@FILE|JSON|NAME", "the policy (required)")),
                false, DemoEvidence::setPolicy));
        add(new Command("register", "register provenance with a realm (for digest-ref)",
                "register --url URL --realm REALM --source ALIAS --envelope @FILE|JSON [--user NAME] [--password PASSWORD]",
                """
                POSTs {"source": ALIAS, "envelope": <the DSSE envelope>} to
                /admin/realms/{realm}/agent-grant/provenance and prints Keycloak's answer: the registration's
                id, its subject_digests and the verified facts. Presentations then name the provenance by a
                subject digest: --evidence build=digest-ref:sha256:<hex>. --envelope is @FILE (what
                'provenance' printed), @- (standard input) or the envelope JSON itself.
                """,
                withAdminOptions(
                        Option.value("source", "ALIAS", "the in-toto source that verifies the envelope (required)"),
                        Option.value("envelope", "@FILE|JSON", "the DSSE envelope (required)")),
                false, DemoEvidence::register));
        add(new Command("explain", "dry-run a presentation and print why it passes or fails",
                "explain --url URL --realm REALM --client CLIENT_ID --presentation @FILE|JWS [--user NAME] [--password PASSWORD]",
                """
                POSTs {"client_id": CLIENT_ID, "presentation": <the JWS>} to
                /admin/realms/{realm}/agent-grant/attestation/explain and prints Keycloak's answer. Nothing is
                consumed: the presentation stays usable. The exit code is 0 whether the answer says allowed
                or not; 1 only when the call itself fails. --presentation is @FILE, @- (standard input) or the
                JWS itself.
                """,
                withAdminOptions(
                        Option.value("client", "CLIENT_ID", "the agent's clientId (required)"),
                        Option.value("presentation", "@FILE|JWS", "the presentation (required)")),
                false, DemoEvidence::explain));
    }

    /** --url and --realm, the command's own options, then the admin's credentials. */
    private static List<Option> withAdminOptions(Option... options) {
        List<Option> all = new ArrayList<>(List.of(
                Option.value("url", "URL", "Keycloak's base URL, e.g. http://localhost:8080 (required)"),
                Option.value("realm", "REALM", "the realm, e.g. agent-grant-demo (required)")));
        all.addAll(List.of(options));
        all.add(Option.value("user", "NAME", "admin user of the master realm (default admin)"));
        all.add(Option.value("password", "PASSWORD", "that user's password (default admin)"));
        return all;
    }

    private static void add(Command command) {
        COMMANDS.put(command.name(), command);
    }

    static String overview() {
        StringBuilder text = new StringBuilder();
        text.append("Demo trust anchors and attestation evidence for Agent Grant for Keycloak.\n")
                .append("DEMO KEYS ONLY: never configure them in a realm that protects anything real.\n\n")
                .append("Usage: java tools/demo-evidence/DemoEvidence.java <command> [--dir PATH] [options]\n\nCommands:\n");
        COMMANDS.values().forEach(c -> text.append(String.format(Locale.ROOT, "  %-15s %s%n", c.name(), c.summary())));
        text.append("\n'<command> --help' describes a command. Exit codes: 0 done, 1 failed, 2 usage error.\n");
        return text.toString();
    }

    // --- init

    private static void init(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String trustDomain = args.value("trust-domain", "example.org");
        if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
            throw new UsageError("--trust-domain must be lowercase letters, digits, '.', '-' or '_' (SPIFFE ID §2.1)");
        }
        String k8sIssuer = url(args.value("k8s-issuer", "https://kubernetes.default.svc.cluster.local"), "--k8s-issuer");
        String oidcIssuer = url(args.value("oidc-issuer", "https://token.actions.githubusercontent.com"), "--oidc-issuer");
        String k8sAlg = jwsAlgorithm(args.value("k8s-alg", "ES256"), "--k8s-alg");
        String oidcAlg = jwsAlgorithm(args.value("oidc-alg", "ES256"), "--oidc-alg");

        Path dir = context.dir();
        Files.createDirectories(dir);
        List<String> existing = INIT_FILES.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
        if (!existing.isEmpty() && !args.flag("force")) {
            throw new Failure(dir + " already holds demo keys (" + String.join(", ", existing)
                    + "); pass --force to replace them");
        }
        for (String file : existing) {
            Files.delete(dir.resolve(file));
        }

        Files.writeString(dir.resolve(SETTINGS), Json.pretty(map(
                "trust_domain", trustDomain, "k8s_issuer", k8sIssuer, "oidc_issuer", oidcIssuer)));

        KeyPair spire = Keys.generate("ES256");
        boolean restricted = Keys.writePrivate(dir.resolve(SPIRE_KEY), spire.getPrivate());
        Map<String, Object> spireJwk = Keys.publicJwk(spire.getPublic());
        spireJwk.put("kid", Keys.thumbprint(spire.getPublic()));
        spireJwk.put("use", "jwt-svid");
        // SPIFFE Trust Domain and Bundle §4: a JWK Set with the SPIFFE parameters.
        String bundle = Json.compact(map("keys", List.of(spireJwk), "spiffe_sequence", 1));
        Files.writeString(dir.resolve(SPIFFE_BUNDLE), Json.pretty(Json.parse(bundle)));

        KeyPair k8s = Keys.generate(k8sAlg);
        restricted &= Keys.writePrivate(dir.resolve(K8S_KEY), k8s.getPrivate());
        String k8sJwks = jwks(k8s.getPublic(), k8sAlg);
        Files.writeString(dir.resolve(K8S_JWKS), Json.pretty(Json.parse(k8sJwks)));

        KeyPair oidc = Keys.generate(oidcAlg);
        restricted &= Keys.writePrivate(dir.resolve(OIDC_KEY), oidc.getPrivate());
        String oidcJwks = jwks(oidc.getPublic(), oidcAlg);
        Files.writeString(dir.resolve(OIDC_JWKS), Json.pretty(Json.parse(oidcJwks)));

        KeyPair provenance = Keys.generate("ES256");
        restricted &= Keys.writePrivate(dir.resolve(PROVENANCE_KEY), provenance.getPrivate());
        String signerPem = Keys.pem("PUBLIC KEY", provenance.getPublic().getEncoded());
        Files.writeString(dir.resolve(PROVENANCE_SIGNER), signerPem);

        KeyPair instance = Keys.generate("ES256");
        Map<String, Object> instanceJwk = Keys.publicJwk(instance.getPublic());
        instanceJwk.put("d", Keys.b64(Keys.unsigned(((ECPrivateKey) instance.getPrivate()).getS(), 32)));
        instanceJwk.put("kid", Keys.thumbprint(instance.getPublic()));
        instanceJwk.put("use", "sig");
        instanceJwk.put("alg", "ES256");
        restricted &= Keys.writeSecret(dir.resolve(INSTANCE_KEY), Json.pretty(instanceJwk));

        String claimMapping = Json.compact(map("repository", "repository", "ref", "ref", "sha", "sha", "workflow", "workflow"));
        List<Object> sources = List.of(
                source("spire", "spiffe-jwt-svid", map("trust-domain", List.of(trustDomain), "trust", List.of(bundle))),
                source("k8s", "kubernetes-service-account", map("issuer", List.of(k8sIssuer), "trust", List.of(k8sJwks))),
                source("gha", "oidc-workload", map("issuer", List.of(oidcIssuer), "trust", List.of(oidcJwks),
                        "claim-mapping", List.of(claimMapping))),
                source("build", "in-toto", map("trust", List.of(signerPem))));
        Files.writeString(dir.resolve(SOURCES), Json.pretty(sources));

        PrintStream out = context.out();
        out.println("Demo trust anchors written to " + dir.toAbsolutePath().normalize() + ":");
        String row = "  %-22s %s%n";
        out.printf(Locale.ROOT, row, SPIFFE_BUNDLE, "SPIFFE bundle of trust domain " + trustDomain + " (source 'spire')");
        out.printf(Locale.ROOT, row, K8S_JWKS, "service-account keys of " + k8sIssuer + " (source 'k8s', " + k8sAlg + ")");
        out.printf(Locale.ROOT, row, OIDC_JWKS, "token keys of " + oidcIssuer + " (source 'gha', " + oidcAlg + ")");
        out.printf(Locale.ROOT, row, PROVENANCE_SIGNER, "provenance signing key, PEM (source 'build')");
        out.printf(Locale.ROOT, row, INSTANCE_KEY, "agent instance key, thumbprint " + Keys.thumbprint(instance.getPublic()));
        out.printf(Locale.ROOT, row, SOURCES, "attestation sources for POST /admin/realms/{realm}/components"
                + " (replace \"" + REALM_ID_PLACEHOLDER + "\")");
        out.printf(Locale.ROOT, row, "*-key.pem", "the private keys");
        if (!restricted) {
            out.println("Note: this file system does not support owner-only permissions; protect the *-key.pem and "
                    + INSTANCE_KEY + " files yourself.");
        }
        out.println("These are DEMO keys: never trust them in a realm that protects anything real.");
    }

    private static String jwks(PublicKey key, String alg) throws GeneralSecurityException {
        Map<String, Object> jwk = Keys.publicJwk(key);
        jwk.put("kid", Keys.thumbprint(key));
        jwk.put("use", "sig");
        jwk.put("alg", alg);
        return Json.compact(map("keys", List.of(jwk)));
    }

    /** One component body for {@code POST /admin/realms/{realm}/components}; config values are lists (MultivaluedHashMap). */
    private static Map<String, Object> source(String alias, String providerId, Map<String, Object> config) {
        return map("name", alias, "providerId", providerId, "providerType", PROVIDER_TYPE,
                "parentId", REALM_ID_PLACEHOLDER, "config", config);
    }

    // --- svid

    private static void svid(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String spiffeId = args.required("spiffe-id");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 300, 1, 86_400);
        Map<String, Object> settings = settings(context);
        String trustDomain = (String) settings.get("trust_domain");
        // SPIFFE ID §2: spiffe://<trust domain>/<path>; the verifier checks the rest of the grammar.
        if (!spiffeId.startsWith("spiffe://" + trustDomain + "/") || spiffeId.length() == ("spiffe://" + trustDomain + "/").length()) {
            throw new UsageError("--spiffe-id must be spiffe://" + trustDomain + "/<path> (the trust domain of init)");
        }
        Instant now = context.now();
        Map<String, Object> claims = map("sub", spiffeId, "aud", List.of(audience),
                "exp", now.getEpochSecond() + ttl, "iat", now.getEpochSecond());
        bind(args, context, claims);
        String kid = kid(context.dir().resolve(SPIFFE_BUNDLE));
        context.out().println(Jws.sign(map("alg", "ES256", "kid", kid, "typ", "JWT"), claims,
                Keys.readPrivate(context.dir().resolve(SPIRE_KEY))));
    }

    // --- k8s-token

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
        String pod = args.value("pod", serviceAccount + "-" + randomSuffix());
        if (!DNS_SUBDOMAIN.matcher(pod).matches()) {
            throw new UsageError("--pod must be an RFC 1123 subdomain");
        }
        Map<String, Object> settings = settings(context);
        String issuer = (String) settings.get("k8s_issuer");
        Instant now = context.now();
        long iat = now.getEpochSecond();
        Map<String, Object> kubernetes = map(
                "namespace", namespace,
                "pod", map("name", pod, "uid", UUID.randomUUID().toString()),
                "serviceaccount", map("name", serviceAccount,
                        "uid", UUID.nameUUIDFromBytes((issuer + "|" + namespace + "|" + serviceAccount)
                                .getBytes(StandardCharsets.UTF_8)).toString()));
        Map<String, Object> claims = map("aud", List.of(audience), "exp", iat + ttl, "iat", iat, "iss", issuer,
                "jti", UUID.randomUUID().toString(), "kubernetes.io", kubernetes, "nbf", iat,
                "sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
        bind(args, context, claims);
        Path jwks = context.dir().resolve(K8S_JWKS);
        context.out().println(Jws.sign(map("alg", alg(jwks), "kid", kid(jwks)), claims,
                Keys.readPrivate(context.dir().resolve(K8S_KEY))));
    }

    // --- oidc-token

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
        String workflowPath = args.value("workflow-path", ".github/workflows/" + workflow + ".yml");
        String owner = repository.substring(0, repository.indexOf('/'));
        String runId = String.valueOf(1_000_000_000L + new SecureRandom().nextInt(1_000_000_000));
        Map<String, Object> settings = settings(context);
        Instant now = context.now();
        long iat = now.getEpochSecond();
        String workflowRef = repository + "/" + workflowPath + "@" + ref;
        // The claims GitHub Actions puts in a job's OIDC token (docs.github.com, "About security hardening with
        // OpenID Connect"); numeric ids are strings there, as here.
        Map<String, Object> claims = map(
                "jti", UUID.randomUUID().toString(),
                "sub", "repo:" + repository + ":ref:" + ref,
                "aud", audience,
                "ref", ref,
                "ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch",
                "sha", sha,
                "repository", repository,
                "repository_owner", owner,
                "run_id", runId,
                "run_number", "1",
                "run_attempt", "1",
                "actor", args.value("actor", "octocat"),
                "event_name", args.value("event-name", "push"),
                "workflow", workflow,
                "workflow_ref", workflowRef,
                "workflow_sha", sha,
                "job_workflow_ref", workflowRef,
                "job_workflow_sha", sha,
                "runner_environment", "github-hosted",
                "iss", settings.get("oidc_issuer"),
                "nbf", iat,
                "exp", iat + ttl,
                "iat", iat);
        bind(args, context, claims);
        Path jwks = context.dir().resolve(OIDC_JWKS);
        context.out().println(Jws.sign(map("alg", alg(jwks), "kid", kid(jwks), "typ", "JWT"), claims,
                Keys.readPrivate(context.dir().resolve(OIDC_KEY))));
    }

    // --- provenance

    private static void provenance(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String subjectName = args.required("subject-name");
        if (subjectName.isEmpty() || subjectName.contains(",") || subjectName.chars().anyMatch(Character::isISOControl)) {
            throw new UsageError("--subject-name must be non-empty, without commas or control characters");
        }
        String digest;
        if (args.has("digest") == args.has("file")) {
            throw new UsageError("give exactly one of --digest and --file");
        } else if (args.has("file")) {
            digest = "sha256:" + sha256Hex(Files.readAllBytes(Paths.get(args.required("file"))));
        } else {
            digest = args.required("digest");
        }
        int colon = digest.indexOf(':');
        Integer length = colon < 0 ? null : DIGEST_LENGTHS.get(digest.substring(0, colon));
        if (length == null || digest.length() - colon - 1 != length
                || !digest.substring(colon + 1).matches("[0-9a-f]+")) {
            throw new UsageError("--digest must be sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>, lowercase");
        }
        String repository = args.value("repository", "https://github.com/acme/agent");
        String ref = args.value("ref", "refs/heads/main");
        String sha = args.value("sha", null);
        if (sha != null && !GIT_SHA.matcher(sha).matches()) {
            throw new UsageError("--sha must be 40 lowercase hex characters");
        }
        Instant finished = context.now().truncatedTo(ChronoUnit.SECONDS);
        Instant started = finished.minusSeconds(90);

        Map<String, Object> buildDefinition = map(
                "buildType", args.value("build-type", "https://actions.github.io/buildtypes/workflow/v1"),
                "externalParameters", map("workflow", map(
                        "ref", ref,
                        "repository", repository,
                        "path", args.value("workflow-path", ".github/workflows/release.yml"))),
                "internalParameters", map("github", map("event_name", "push", "runner_environment", "github-hosted")));
        if (sha != null) {
            buildDefinition.put("resolvedDependencies", List.of(map(
                    "uri", "git+" + repository + "@" + ref, "digest", map("gitCommit", sha))));
        }
        // in-toto Statement v1 (spec/v1/statement.md) with a SLSA Provenance v1 predicate (slsa.dev/spec/v1.0/provenance).
        Map<String, Object> statement = map(
                "_type", STATEMENT_TYPE,
                "subject", List.of(map("name", subjectName,
                        "digest", map(digest.substring(0, colon), digest.substring(colon + 1)))),
                "predicateType", SLSA_PROVENANCE_V1,
                "predicate", map(
                        "buildDefinition", buildDefinition,
                        "runDetails", map(
                                "builder", map("id", args.value("builder-id", "https://github.com/actions/runner/github-hosted")),
                                "metadata", map(
                                        "invocationId", repository + "/actions/runs/" + (1_000_000_000L
                                                + new SecureRandom().nextInt(1_000_000_000)) + "/attempts/1",
                                        "startedOn", started.toString(),
                                        "finishedOn", finished.toString()))));

        PrivateKey key = Keys.readPrivate(context.dir().resolve(PROVENANCE_KEY));
        PublicKey signer = Keys.readPublicPem(Files.readString(context.dir().resolve(PROVENANCE_SIGNER)));
        byte[] payload = Json.compact(statement).getBytes(StandardCharsets.UTF_8);
        byte[] signature = Dsse.signEcdsa(key, IN_TOTO_PAYLOAD_TYPE, payload);
        if (!Dsse.verifyEcdsa(signer, IN_TOTO_PAYLOAD_TYPE, payload, signature)) {
            throw new Failure(PROVENANCE_SIGNER + " is not the public key of " + PROVENANCE_KEY);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        String keyId = args.value("keyid", Keys.thumbprint(signer));
        if (!keyId.isEmpty()) {
            entry.put("keyid", keyId);
        }
        entry.put("sig", Base64.getEncoder().encodeToString(signature));
        // DSSE envelope v1.0: standard base64 for payload and sig.
        context.out().println(Json.compact(map(
                "payloadType", IN_TOTO_PAYLOAD_TYPE,
                "payload", Base64.getEncoder().encodeToString(payload),
                "signatures", List.of(entry))));
    }

    // --- presentation

    private static void presentation(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String agent = args.required("agent");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 30, 1, PRESENTATION_MAX_TTL);
        String jti = jti(args);
        List<String> specs = args.all("evidence");
        if (specs.size() > MAX_EVIDENCE_ITEMS) {
            throw new UsageError("at most " + MAX_EVIDENCE_ITEMS + " --evidence items are allowed (wire contract)");
        }
        List<Object> evidence = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        boolean stdinUsed = false;
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            int colon = equals < 0 ? -1 : spec.indexOf(':', equals);
            if (equals <= 0 || colon < 0) {
                throw new UsageError("--evidence '" + spec + "' is not SOURCE=FORMAT:VALUE");
            }
            String source = spec.substring(0, equals);
            String format = spec.substring(equals + 1, colon);
            String value = spec.substring(colon + 1);
            if (!SOURCE_ALIAS.matcher(source).matches()) {
                throw new UsageError("--evidence source '" + source + "' is not a source alias (a-z, 0-9, '.', '_', '-')");
            }
            if (!Set.of("jwt", "dsse", "digest-ref").contains(format)) {
                throw new UsageError("--evidence format '" + format + "' is not jwt, dsse or digest-ref");
            }
            if (!sources.add(source)) {
                throw new UsageError("--evidence names source '" + source + "' twice; one item per source (wire contract)");
            }
            if (value.equals("@-")) {
                if (stdinUsed) {
                    throw new UsageError("only one --evidence value can come from standard input");
                }
                stdinUsed = true;
                value = utf8(context.in().readAllBytes(), "standard input").trim();
            } else if (value.startsWith("@")) {
                value = utf8(Files.readAllBytes(Paths.get(value.substring(1))), value.substring(1)).trim();
            }
            if (value.isEmpty()) {
                throw new UsageError("--evidence value of source '" + source + "' is empty");
            }
            evidence.add(map("source", source, "format", format, "value", value));
        }
        Path keyFile = context.dir().resolve(INSTANCE_KEY);
        Keys.InstanceKey instance = Keys.readInstanceKey(Json.parse(Files.readString(keyFile)), keyFile.toString());
        long iat = context.now().getEpochSecond();
        Map<String, Object> claims = map("iss", agent, "aud", audience, "iat", iat, "exp", iat + ttl, "jti", jti,
                "cnf", map("jwk", Keys.publicJwk(instance.publicKey())));
        if (!evidence.isEmpty()) {
            claims.put("evidence", evidence);
        }
        String jws = Jws.sign(map("alg", "ES256", "typ", PRESENTATION_TYP), claims, instance.privateKey());
        if (jws.length() > TOKEN_PARAMETER_LIMIT) {
            context.err().println("Warning: the presentation has " + jws.length() + " characters; Keycloak refuses an "
                    + "actor_token over " + TOKEN_PARAMETER_LIMIT + " unless req-token-params-default-max-size is raised.");
        }
        context.out().println(jws);
    }

    // --- dpop

    /** RFC 9110 §9.1 / §5.6.2: a method is a token; the registered ones are upper case. */
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,20}");

    private static void dpop(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String method = args.required("method");
        if (!HTTP_METHOD.matcher(method).matches()) {
            throw new UsageError("--method must be an HTTP method in upper case, e.g. GET or POST");
        }
        URI target;
        try {
            target = new URI(url(args.required("url"), "--url"));
        } catch (URISyntaxException e) {
            throw new UsageError("--url is not a valid URL: " + e.getMessage());
        }
        // RFC 9449 §4.2: htu is the target URI without query and fragment.
        String htu;
        try {
            htu = new URI(target.getScheme(), target.getRawAuthority(), target.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            throw new UsageError("--url is not a valid URL: " + e.getMessage());
        }
        String jti = jti(args);
        Path keyFile = context.dir().resolve(INSTANCE_KEY);
        Keys.InstanceKey instance = Keys.readInstanceKey(Json.parse(Files.readString(keyFile)), keyFile.toString());
        Map<String, Object> claims = map("jti", jti, "htm", method, "htu", htu, "iat", context.now().getEpochSecond());
        if (args.has("access-token")) {
            // RFC 9449 §4.2: ath = base64url(SHA-256(ASCII(access token))).
            claims.put("ath", Keys.b64(MessageDigest.getInstance("SHA-256")
                    .digest(argumentText(args, "access-token", context).getBytes(StandardCharsets.US_ASCII))));
        }
        if (args.has("nonce")) {
            claims.put("nonce", args.required("nonce"));
        }
        context.out().println(Jws.sign(map("typ", "dpop+jwt", "alg", "ES256", "jwk", Keys.publicJwk(instance.publicKey())),
                claims, instance.privateKey()));
    }

    // --- digest

    private static void digest(Arguments args, Context context) throws IOException, GeneralSecurityException {
        context.out().println("sha256:" + sha256Hex(Files.readAllBytes(Paths.get(args.required("file")))));
    }

    // --- create-sources

    private static void createSources(Arguments args, Context context) throws IOException, GeneralSecurityException {
        Admin.Target target = Admin.target(args);
        Path file = context.dir().resolve(SOURCES);
        if (!(Json.parse(Files.readString(file)) instanceof List<?> sources)) {
            throw new Failure(file + " is not a JSON array of sources");
        }
        Admin admin = Admin.signIn(target);
        String realmPath = "/admin/realms/" + Admin.segment(target.realm());
        if (!(admin.call("GET", realmPath, null, 200).json() instanceof Map<?, ?> realm)
                || !(realm.get("id") instanceof String realmId)) {
            throw new Failure("GET " + realmPath + " did not answer a realm with an id");
        }
        Map<String, String> existing = new LinkedHashMap<>();
        if (admin.call("GET", realmPath + "/components?parent=" + Admin.segment(realmId) + "&type="
                + Admin.segment(PROVIDER_TYPE), null, 200).json() instanceof List<?> components) {
            for (Object component : components) {
                if (component instanceof Map<?, ?> c && c.get("name") instanceof String name) {
                    existing.put(name, String.valueOf(c.get("id")));
                }
            }
        }
        int failed = 0;
        for (Object item : sources) {
            if (!(item instanceof Map<?, ?> source) || !(source.get("name") instanceof String name)) {
                throw new Failure(file + " holds an entry without a name");
            }
            if (existing.containsKey(name)) {
                context.out().println("skipped " + name + ": the realm already has a source of that name (id "
                        + existing.get(name) + "); it is left as it is");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) source);
            body.put("parentId", realmId);
            Admin.Answer answer = admin.send("POST", realmPath + "/components", Json.compact(body));
            if (answer.status() == 201) {
                String location = answer.location();
                context.out().println("created " + name
                        + (location == null ? "" : " (id " + location.substring(location.lastIndexOf('/') + 1) + ")"));
            } else {
                context.err().println("refused " + name + ": " + answer.problem());
                failed++;
            }
        }
        if (failed > 0) {
            throw new Failure(failed + " of " + sources.size() + " sources were refused");
        }
    }

    // --- set-policy

    private static void setPolicy(Arguments args, Context context) throws IOException, GeneralSecurityException {
        Admin.Target target = Admin.target(args);
        String clientId = args.required("client");
        String policy = argumentText(args, "policy", context);
        if (policy.startsWith("{")) {
            Object parsed;
            try {
                parsed = Json.parse(policy);
            } catch (Failure e) {
                throw new UsageError("--policy is not valid JSON: " + e.getMessage());
            }
            policy = Json.compact(parsed);
        } else if (!SOURCE_ALIAS.matcher(policy).matches()) {
            // Realm policies are named like sources (docs/attestation.md, "Policies").
            throw new UsageError("--policy must be a JSON object, or the name of a realm policy (a-z, 0-9, '.', '_', '-')");
        }
        Admin admin = Admin.signIn(target);
        String clientsPath = "/admin/realms/" + Admin.segment(target.realm()) + "/clients";
        String id = null;
        if (admin.call("GET", clientsPath + "?clientId=" + Admin.segment(clientId), null, 200).json() instanceof List<?> found) {
            for (Object client : found) {
                if (client instanceof Map<?, ?> c && clientId.equals(c.get("clientId")) && c.get("id") instanceof String uuid) {
                    id = uuid;
                }
            }
        }
        if (id == null) {
            throw new Failure("realm " + target.realm() + " has no client " + clientId);
        }
        String clientPath = clientsPath + "/" + Admin.segment(id);
        if (!(admin.call("GET", clientPath, null, 200).json() instanceof Map<?, ?> read)) {
            throw new Failure("GET " + clientPath + " did not answer a client");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> client = (Map<String, Object>) read;
        Map<String, Object> attributes = client.get("attributes") instanceof Map<?, ?> a
                ? new LinkedHashMap<>(Admin.stringKeys(a)) : new LinkedHashMap<>();
        Object previous = attributes.put(POLICY_ATTRIBUTE, policy);
        client.put("attributes", attributes);
        admin.call("PUT", clientPath, Json.compact(client), 204);
        context.out().println((policy.equals(previous) ? "unchanged: " : "set: ") + POLICY_ATTRIBUTE + " of client "
                + clientId + " = " + policy);
    }

    // --- register

    private static void register(Arguments args, Context context) throws IOException, GeneralSecurityException {
        Admin.Target target = Admin.target(args);
        String source = args.required("source");
        if (!SOURCE_ALIAS.matcher(source).matches()) {
            throw new UsageError("--source '" + source + "' is not a source alias (a-z, 0-9, '.', '_', '-')");
        }
        String text = argumentText(args, "envelope", context);
        Object envelope;
        try {
            envelope = Json.parse(text);
        } catch (Failure e) {
            throw new UsageError("--envelope is not JSON: " + e.getMessage());
        }
        if (!(envelope instanceof Map<?, ?>)) {
            throw new UsageError("--envelope is not a JSON object (a DSSE envelope)");
        }
        Admin admin = Admin.signIn(target);
        Admin.Answer answer = admin.call("POST", "/admin/realms/" + Admin.segment(target.realm())
                + "/agent-grant/provenance", Json.compact(map("source", source, "envelope", envelope)), 201);
        context.out().print(answer.pretty());
    }

    // --- explain

    private static void explain(Arguments args, Context context) throws IOException, GeneralSecurityException {
        Admin.Target target = Admin.target(args);
        String clientId = args.required("client");
        String presentation = argumentText(args, "presentation", context);
        Admin admin = Admin.signIn(target);
        Admin.Answer answer = admin.call("POST", "/admin/realms/" + Admin.segment(target.realm())
                + "/agent-grant/attestation/explain", Json.compact(map("client_id", clientId, "presentation", presentation)), 200);
        context.out().print(answer.pretty());
    }

    /** --jti, or a random UUID: the single-use id of a presentation or a DPoP proof. */
    private static String jti(Arguments args) {
        String jti = args.value("jti", UUID.randomUUID().toString());
        if (!jti.matches("[\\x21-\\x7e]{1,128}")) {
            throw new UsageError("--jti must be 1–128 printable ASCII characters");
        }
        return jti;
    }

    /** A required option's text: {@code @FILE} (the file's content), {@code @-} (standard input) or itself; trimmed. */
    private static String argumentText(Arguments args, String option, Context context) throws IOException {
        String value = args.required(option);
        String text;
        if (value.equals("@-")) {
            text = utf8(context.in().readAllBytes(), "standard input");
        } else if (value.startsWith("@")) {
            text = utf8(Files.readAllBytes(Paths.get(value.substring(1))), value.substring(1));
        } else {
            text = value;
        }
        text = text.trim();
        if (text.isEmpty()) {
            throw new UsageError("--" + option + " is empty");
        }
        return text;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Adds {@code cnf} (RFC 7800 §3.1) with the {@code jkt} member of RFC 9449 §6.1, naming the instance key. */
    private static void bind(Arguments args, Context context, Map<String, Object> claims)
            throws IOException, GeneralSecurityException {
        if (args.flag("bind")) {
            Path keyFile = context.dir().resolve(INSTANCE_KEY);
            Keys.InstanceKey instance = Keys.readInstanceKey(Json.parse(Files.readString(keyFile)), keyFile.toString());
            claims.put("cnf", map("jkt", Keys.thumbprint(instance.publicKey())));
        }
    }

    private static Map<String, Object> settings(Context context) throws IOException {
        Object settings = Json.parse(Files.readString(context.dir().resolve(SETTINGS)));
        if (!(settings instanceof Map<?, ?> map)) {
            throw new Failure(SETTINGS + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return typed;
    }

    /** The first key of a JWKS or bundle this tool wrote. */
    private static Map<?, ?> firstKey(Path jwks) throws IOException {
        if (Json.parse(Files.readString(jwks)) instanceof Map<?, ?> set && set.get("keys") instanceof List<?> keys
                && !keys.isEmpty() && keys.get(0) instanceof Map<?, ?> key) {
            return key;
        }
        throw new Failure(jwks + " holds no key");
    }

    private static String kid(Path jwks) throws IOException {
        if (firstKey(jwks).get("kid") instanceof String kid) {
            return kid;
        }
        throw new Failure(jwks + ": its key has no kid");
    }

    private static String alg(Path jwks) throws IOException {
        Object alg = firstKey(jwks).get("alg");
        if ("ES256".equals(alg) || "RS256".equals(alg)) {
            return (String) alg;
        }
        throw new Failure(jwks + ": its key's alg is not ES256 or RS256");
    }

    private static String url(String value, String option) {
        if (!value.matches("https?://[^\\s]+")) {
            throw new UsageError(option + " must be an http(s) URL");
        }
        return value;
    }

    private static String jwsAlgorithm(String value, String option) {
        if (!value.equals("ES256") && !value.equals("RS256")) {
            throw new UsageError(option + " must be ES256 or RS256");
        }
        return value;
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    static String sha256Hex(byte[] data) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Failure(what + " is not UTF-8 text");
        }
    }

    /** An insertion-ordered map from alternating keys and values, so JSON members keep the order written. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** A command-line mistake: exit code 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** The command could not do its work (missing or broken state, unreadable input): exit code 1. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    record Context(Path dir, InputStream in, PrintStream out, PrintStream err) {
        Instant now() {
            return Instant.now();
        }
    }

    @FunctionalInterface
    interface Action {
        void run(Arguments args, Context context) throws IOException, GeneralSecurityException;
    }

    enum Kind { VALUE, FLAG, REPEATED }

    record Option(String name, String valueName, String help, Kind kind) {
        static Option value(String name, String valueName, String help) {
            return new Option(name, valueName, help, Kind.VALUE);
        }

        static Option flag(String name, String help) {
            return new Option(name, null, help, Kind.FLAG);
        }

        static Option repeated(String name, String valueName, String help) {
            return new Option(name, valueName, help, Kind.REPEATED);
        }
    }

    record Command(String name, String summary, String usage, String description, List<Option> options,
                   boolean needsInit, Action action) {

        String synopsis() {
            return "java tools/demo-evidence/DemoEvidence.java " + usage + " [--dir PATH]";
        }

        List<Option> allOptions() {
            List<Option> all = new ArrayList<>(options);
            all.add(Option.value("dir", "PATH", DIR_HELP));
            all.add(Option.flag("help", "show this help"));
            return all;
        }

        String help() {
            StringBuilder text = new StringBuilder("Usage: ").append(synopsis()).append("\n\n").append(description)
                    .append("\nOptions:\n");
            for (Option option : allOptions()) {
                String left = "--" + option.name() + (option.valueName() == null ? "" : " " + option.valueName());
                text.append(String.format(Locale.ROOT, "  %-26s %s%n", left, option.help()));
            }
            return text.toString();
        }
    }

    /** Parsed options: {@code --name value}, {@code --name=value}, flags; no positional arguments. */
    static final class Arguments {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        static Arguments parse(Command command, List<String> args) {
            Map<String, Option> known = new LinkedHashMap<>();
            command.allOptions().forEach(o -> known.put(o.name(), o));
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("-h")) {
                    arg = "--help";
                }
                if (!arg.startsWith("--") || arg.length() == 2) {
                    throw new UsageError("unexpected argument '" + arg + "'");
                }
                String name = arg.substring(2);
                String inline = null;
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    inline = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                Option option = known.get(name);
                if (option == null) {
                    throw new UsageError("unknown option --" + name);
                }
                if (option.kind() == Kind.FLAG) {
                    if (inline != null) {
                        throw new UsageError("--" + name + " takes no value");
                    }
                    parsed.values.put(name, List.of("true"));
                    continue;
                }
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageError("--" + name + " needs a value (" + option.valueName() + ")");
                    }
                    value = args.get(++i);
                }
                List<String> list = parsed.values.computeIfAbsent(name, n -> new ArrayList<>());
                if (option.kind() == Kind.VALUE && !list.isEmpty()) {
                    throw new UsageError("--" + name + " is given twice");
                }
                list.add(value);
            }
            return parsed;
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name, String fallback) {
            List<String> list = values.get(name);
            return list == null ? fallback : list.get(0);
        }

        String required(String name) {
            String value = value(name, null);
            if (value == null) {
                throw new UsageError("--" + name + " is required");
            }
            return value;
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        long integer(String name, long fallback, long min, long max) {
            String value = value(name, null);
            if (value == null) {
                return fallback;
            }
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new UsageError("--" + name + " must be a whole number");
            }
            if (number < min || number > max) {
                throw new UsageError("--" + name + " must be between " + min + " and " + max);
            }
            return number;
        }

        Path dir() {
            return Paths.get(value("dir", DEFAULT_DIR));
        }
    }

    // ------------------------------------------------------------------------------------------------ admin REST

    /**
     * Keycloak's admin REST API over java.net.http: one access token of the master realm's {@code admin-cli}
     * client (password grant, RFC 6749 §4.3) per command; such tokens live 60 s, longer than any command here.
     * Redirects are not followed, so credentials and tokens go to the URL given and nowhere else.
     */
    static final class Admin {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private static final int MAX_MESSAGE = 2_000;

        record Target(String url, String realm, String user, String password) {
        }

        /** One HTTP answer: its status, body and Location header (null when absent). */
        record Answer(int status, String body, String location) {

            Object json() {
                return body.isBlank() ? null : Json.parse(body);
            }

            String pretty() {
                return Json.pretty(json());
            }

            /** "HTTP 400: <Keycloak's message>": errorMessage (admin API) or error_description / error (OAuth). */
            String problem() {
                String message = null;
                try {
                    if (json() instanceof Map<?, ?> error) {
                        for (String member : List.of("errorMessage", "error_description", "error")) {
                            if (error.get(member) instanceof String text && !text.isBlank()) {
                                message = text;
                                break;
                            }
                        }
                    }
                } catch (Failure notJson) {
                    // an HTML or plain-text error page: shown as it is
                }
                if (message == null) {
                    message = body.isBlank() ? "(no body)" : body.strip();
                }
                if (message.length() > MAX_MESSAGE) {
                    message = message.substring(0, MAX_MESSAGE) + "…";
                }
                return "HTTP " + status + ": " + message;
            }
        }

        private final HttpClient http;
        private final Target target;
        private final String token;

        private Admin(HttpClient http, Target target, String token) {
            this.http = http;
            this.target = target;
            this.token = token;
        }

        /** --url, --realm, --user and --password, checked before anything is sent. */
        static Target target(Arguments args) {
            String url = url(args.required("url"), "--url").replaceAll("/+$", "");
            String realm = args.required("realm");
            if (realm.isBlank() || realm.chars().anyMatch(Character::isISOControl)) {
                throw new UsageError("--realm must be a realm name");
            }
            return new Target(url, realm, args.value("user", "admin"), args.value("password", "admin"));
        }

        static Admin signIn(Target target) throws IOException {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String form = "grant_type=password&client_id=admin-cli&username=" + form(target.user())
                    + "&password=" + form(target.password());
            Answer answer = exchange(http, HttpRequest.newBuilder(uri(target.url() + "/realms/master/protocol/openid-connect/token"))
                    .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            if (answer.status() != 200) {
                throw new Failure("signing in to the master realm as " + target.user() + " failed: " + answer.problem());
            }
            if (!(answer.json() instanceof Map<?, ?> tokens) || !(tokens.get("access_token") instanceof String token)) {
                throw new Failure("the token endpoint answered no access_token");
            }
            return new Admin(http, target, token);
        }

        /** Sends one request (a JSON body, or none) and returns whatever status came back. */
        Answer send(String method, String path, String json) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(target.url() + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            }
            return exchange(http, request.build());
        }

        /** {@link #send}, failing with Keycloak's message unless the status is {@code expected}. */
        Answer call(String method, String path, String json, int expected) throws IOException {
            Answer answer = send(method, path, json);
            if (answer.status() != expected) {
                throw new Failure(method + " " + path.replaceAll("\\?.*", "") + ": " + answer.problem());
            }
            return answer;
        }

        private static Answer exchange(HttpClient http, HttpRequest request) throws IOException {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Answer(response.statusCode(), response.body(),
                        response.headers().firstValue("Location").orElse(null));
            } catch (ConnectException e) {
                throw new Failure("cannot connect to " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                        + " (is Keycloak running?)");
            } catch (HttpTimeoutException e) {
                throw new Failure("no answer from " + request.uri() + " within " + TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted");
            }
        }

        private static URI uri(String text) {
            try {
                return new URI(text);
            } catch (URISyntaxException e) {
                throw new UsageError("not a valid URL: " + text);
            }
        }

        /** One path segment or query value, percent-encoded (RFC 3986 §2.1); a space is %20, never '+'. */
        static String segment(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }

        private static String form(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        static Map<String, Object> stringKeys(Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, value));
            return copy;
        }
    }

    // ------------------------------------------------------------------------------------------------ JOSE / DSSE

    /** Compact JWS serialization (RFC 7515 §7.1) with ES256 or RS256 (RFC 7518 §3.3, §3.4). */
    static final class Jws {
        private Jws() {
        }

        static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key)
                throws GeneralSecurityException {
            String alg = (String) header.get("alg");
            String signingInput = Keys.b64(Json.compact(header).getBytes(StandardCharsets.UTF_8)) + "."
                    + Keys.b64(Json.compact(claims).getBytes(StandardCharsets.UTF_8));
            byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
            byte[] signature;
            if (alg.equals("ES256") && key instanceof ECPrivateKey) {
                // The JDK writes ECDSA signatures as ASN.1 DER; JWS wants the fixed-length R || S (RFC 7518 §3.4).
                signature = Der.ecdsaToRaw(Keys.sign("SHA256withECDSA", key, input), 32);
            } else if (alg.equals("RS256") && key instanceof RSAPrivateCrtKey) {
                signature = Keys.sign("SHA256withRSA", key, input);
            } else {
                throw new Failure("the key does not fit alg " + alg);
            }
            return signingInput + "." + Keys.b64(signature);
        }
    }

    /** DSSE protocol v1: signatures over the pre-authentication encoding, never over the bare payload. */
    static final class Dsse {
        private Dsse() {
        }

        /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes. */
        static byte[] pae(String payloadType, byte[] body) {
            byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(type);
            out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            return out.toByteArray();
        }

        /** ECDSA P-256 with SHA-256, ASN.1 DER encoded, as cosign and OpenSSL write it. */
        static byte[] signEcdsa(PrivateKey key, String payloadType, byte[] body) throws GeneralSecurityException {
            return Keys.sign("SHA256withECDSA", key, pae(payloadType, body));
        }

        static boolean verifyEcdsa(PublicKey key, String payloadType, byte[] body, byte[] signature)
                throws GeneralSecurityException {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(pae(payloadType, body));
            return verifier.verify(signature);
        }
    }

    /** Just enough ASN.1 DER (X.690 §8.3, §8.9) to turn an ECDSA-Sig-Value (RFC 3279 §2.2.3) into R || S. */
    static final class Der {
        private Der() {
        }

        static byte[] ecdsaToRaw(byte[] der, int scalarBytes) {
            int[] at = {0};
            expect(der, at, 0x30);
            int length = length(der, at);
            if (at[0] + length != der.length) {
                throw new Failure("ECDSA signature: DER sequence length does not match");
            }
            byte[] raw = new byte[2 * scalarBytes];
            for (int part = 0; part < 2; part++) {
                expect(der, at, 0x02);
                int intLength = length(der, at);
                if (intLength == 0 || at[0] + intLength > der.length) {
                    throw new Failure("ECDSA signature: malformed DER integer");
                }
                BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, at[0], at[0] + intLength));
                System.arraycopy(Keys.unsigned(value, scalarBytes), 0, raw, part * scalarBytes, scalarBytes);
                at[0] += intLength;
            }
            if (at[0] != der.length) {
                throw new Failure("ECDSA signature: trailing bytes after the DER sequence");
            }
            return raw;
        }

        private static void expect(byte[] der, int[] at, int tag) {
            if (at[0] >= der.length || (der[at[0]] & 0xff) != tag) {
                throw new Failure("ECDSA signature: expected DER tag 0x" + Integer.toHexString(tag));
            }
            at[0]++;
        }

        private static int length(byte[] der, int[] at) {
            if (at[0] >= der.length) {
                throw new Failure("ECDSA signature: truncated DER");
            }
            int first = der[at[0]++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int octets = first & 0x7f;
            if (octets == 0 || octets > 2 || at[0] + octets > der.length) {
                throw new Failure("ECDSA signature: unsupported DER length");
            }
            int length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[at[0]++] & 0xff);
            }
            return length;
        }
    }

    // ------------------------------------------------------------------------------------------------ keys

    static final class Keys {
        private Keys() {
        }

        record InstanceKey(PrivateKey privateKey, ECPublicKey publicKey) {
        }

        static KeyPair generate(String alg) throws GeneralSecurityException {
            if (alg.equals("RS256")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        static byte[] sign(String algorithm, PrivateKey key, byte[] input) throws GeneralSecurityException {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(input);
            return signer.sign();
        }

        static String b64(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        /** A non-negative integer as exactly {@code length} big-endian bytes (RFC 7518 §6.2.1.2 for EC coordinates). */
        static byte[] unsigned(BigInteger value, int length) {
            byte[] bytes = value.toByteArray();
            int skip = 0;
            while (bytes.length - skip > length) {
                if (bytes[skip] != 0) {
                    throw new Failure("integer does not fit in " + length + " bytes");
                }
                skip++;
            }
            byte[] out = new byte[length];
            System.arraycopy(bytes, skip, out, length - (bytes.length - skip), bytes.length - skip);
            return out;
        }

        /** RFC 7518 §6.3.1: RSA n and e as the minimal big-endian unsigned bytes. */
        static byte[] minimal(BigInteger value) {
            byte[] bytes = value.toByteArray();
            return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }

        /** The public JWK (RFC 7517, RFC 7518 §6.2, §6.3) of an EC P-256 or RSA key, members in RFC 7638 order. */
        static Map<String, Object> publicJwk(PublicKey key) {
            if (key instanceof ECPublicKey ec) {
                return map("kty", "EC", "crv", "P-256",
                        "x", b64(unsigned(ec.getW().getAffineX(), 32)),
                        "y", b64(unsigned(ec.getW().getAffineY(), 32)));
            }
            if (key instanceof RSAPublicKey rsa) {
                return map("kty", "RSA", "n", b64(minimal(rsa.getModulus())), "e", b64(minimal(rsa.getPublicExponent())));
            }
            throw new Failure("unsupported key type " + key.getAlgorithm());
        }

        /** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace. */
        static String thumbprint(PublicKey key) throws GeneralSecurityException {
            Map<String, Object> jwk = publicJwk(key);
            String canonical = jwk.get("kty").equals("EC")
                    ? Json.compact(map("crv", jwk.get("crv"), "kty", "EC", "x", jwk.get("x"), "y", jwk.get("y")))
                    : Json.compact(map("e", jwk.get("e"), "kty", "RSA", "n", jwk.get("n")));
            return b64(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        }

        static String pem(String label, byte[] der) {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
        }

        private static byte[] pemBody(String text, String label, String what) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            String trimmed = text.strip();
            if (!trimmed.startsWith(begin) || !trimmed.endsWith(end)) {
                throw new Failure(what + " is not a PEM " + label);
            }
            try {
                return Base64.getMimeDecoder().decode(trimmed.substring(begin.length(), trimmed.length() - end.length()));
            } catch (IllegalArgumentException e) {
                throw new Failure(what + ": PEM body is not base64");
            }
        }

        /** Writes a PKCS#8 private key (RFC 5208, RFC 7468 §10) readable by the owner only. */
        static boolean writePrivate(Path file, PrivateKey key) throws IOException {
            return writeSecret(file, pem("PRIVATE KEY", key.getEncoded()));
        }

        /** Creates {@code file} with mode 600 where the file system has POSIX permissions; false where it has not. */
        static boolean writeSecret(Path file, String content) throws IOException {
            boolean restricted = true;
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
                restricted = false;
            } catch (FileAlreadyExistsException e) {
                throw new Failure(file + " already exists");
            }
            Files.writeString(file, content);
            return restricted;
        }

        static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pemBody(Files.readString(file), "PRIVATE KEY", file.toString()));
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (InvalidKeySpecException e) {
                    // not this key type
                }
            }
            throw new Failure(file + " is neither an EC nor an RSA PKCS#8 private key");
        }

        static PublicKey readPublicPem(String pem) throws GeneralSecurityException {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY", PROVENANCE_SIGNER)));
        }

        /** A private EC P-256 JWK; d must belong to x and y, checked by signing and verifying a probe. */
        static InstanceKey readInstanceKey(Object json, String what) throws GeneralSecurityException {
            if (!(json instanceof Map<?, ?> jwk) || !"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))) {
                throw new Failure(what + " is not an EC P-256 JWK");
            }
            BigInteger x = coordinate(jwk.get("x"), what, "x");
            BigInteger y = coordinate(jwk.get("y"), what, "y");
            BigInteger d = coordinate(jwk.get("d"), what, "d");
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey;
            try {
                publicKey = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256));
            } catch (InvalidKeySpecException e) {
                throw new Failure(what + ": x and y are not a P-256 point");
            }
            PrivateKey privateKey = factory.generatePrivate(new ECPrivateKeySpec(d, p256));
            byte[] probe = "instance key check".getBytes(StandardCharsets.US_ASCII);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(sign("SHA256withECDSA", privateKey, probe))) {
                throw new Failure(what + ": d is not the private key of x and y");
            }
            return new InstanceKey(privateKey, publicKey);
        }

        private static BigInteger coordinate(Object value, String what, String member) {
            if (!(value instanceof String text)) {
                throw new Failure(what + " has no '" + member + "' member");
            }
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(text);
                if (bytes.length != 32) {
                    throw new Failure(what + ": '" + member + "' is not 32 bytes");
                }
                return new BigInteger(1, bytes);
            } catch (IllegalArgumentException e) {
                throw new Failure(what + ": '" + member + "' is not base64url");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /** A small RFC 8259 reader and writer for the tool's own files: objects keep member order. */
    static final class Json {
        private static final int MAX_DEPTH = 64;

        private Json() {
        }

        static String compact(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value, -1, 0);
            return out.toString();
        }

        static String pretty(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value, 2, 0);
            return out.append('\n').toString();
        }

        private static void write(StringBuilder out, Object value, int indent, int level) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String text) {
                string(out, text);
            } else if (value instanceof Boolean || value instanceof Number) {
                out.append(value);
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                int n = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(n++ == 0 ? "" : ",");
                    newline(out, indent, level + 1);
                    string(out, (String) entry.getKey());
                    out.append(indent < 0 ? ":" : ": ");
                    write(out, entry.getValue(), indent, level + 1);
                }
                if (n > 0) {
                    newline(out, indent, level);
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    newline(out, indent, level + 1);
                    write(out, list.get(i), indent, level + 1);
                }
                if (!list.isEmpty()) {
                    newline(out, indent, level);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass());
            }
        }

        private static void newline(StringBuilder out, int indent, int level) {
            if (indent >= 0) {
                out.append('\n').append(" ".repeat(indent * level));
            }
        }

        private static void string(StringBuilder out, String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        static Object parse(String text) {
            Reader reader = new Reader(text);
            reader.space();
            Object value = reader.value(0);
            reader.space();
            if (reader.at < text.length()) {
                throw reader.error("trailing data");
            }
            return value;
        }

        private static final class Reader {
            private final String text;
            private int at;

            Reader(String text) {
                this.text = text;
            }

            Object value(int depth) {
                if (depth > MAX_DEPTH) {
                    throw error("nested too deeply");
                }
                if (at >= text.length()) {
                    throw error("unexpected end");
                }
                char c = text.charAt(at);
                switch (c) {
                    case '{':
                        return object(depth);
                    case '[':
                        return array(depth);
                    case '"':
                        return string();
                    case 't':
                        return literal("true", Boolean.TRUE);
                    case 'f':
                        return literal("false", Boolean.FALSE);
                    case 'n':
                        return literal("null", null);
                    default:
                        return number();
                }
            }

            private Map<String, Object> object(int depth) {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                space();
                if (peek('}')) {
                    at++;
                    return object;
                }
                while (true) {
                    space();
                    if (!peek('"')) {
                        throw error("expected a member name");
                    }
                    String name = string();
                    space();
                    expect(':');
                    space();
                    if (object.containsKey(name)) {
                        throw error("duplicate member '" + name + "'");
                    }
                    object.put(name, value(depth + 1));
                    space();
                    if (peek(',')) {
                        at++;
                        continue;
                    }
                    expect('}');
                    return object;
                }
            }

            private List<Object> array(int depth) {
                List<Object> array = new ArrayList<>();
                at++;
                space();
                if (peek(']')) {
                    at++;
                    return array;
                }
                while (true) {
                    space();
                    array.add(value(depth + 1));
                    space();
                    if (peek(',')) {
                        at++;
                        continue;
                    }
                    expect(']');
                    return array;
                }
            }

            private String string() {
                expect('"');
                StringBuilder out = new StringBuilder();
                while (true) {
                    if (at >= text.length()) {
                        throw error("unterminated string");
                    }
                    char c = text.charAt(at++);
                    if (c == '"') {
                        return out.toString();
                    }
                    if (c < 0x20) {
                        throw error("control character in a string");
                    }
                    if (c != '\\') {
                        out.append(c);
                        continue;
                    }
                    if (at >= text.length()) {
                        throw error("unterminated escape");
                    }
                    char e = text.charAt(at++);
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (at + 4 > text.length()) {
                                throw error("truncated \\u escape");
                            }
                            try {
                                out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            at += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                }
            }

            private Object number() {
                int start = at;
                while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                String number = text.substring(start, at);
                if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                    throw error("unexpected character");
                }
                if (number.matches("-?[0-9]{1,18}")) {
                    return Long.parseLong(number);
                }
                return new BigDecimal(number);
            }

            private Object literal(String word, Object value) {
                if (!text.startsWith(word, at)) {
                    throw error("unexpected character");
                }
                at += word.length();
                return value;
            }

            private boolean peek(char c) {
                return at < text.length() && text.charAt(at) == c;
            }

            private void expect(char c) {
                if (!peek(c)) {
                    throw error("expected '" + c + "'");
                }
                at++;
            }

            void space() {
                while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
            }

            Failure error(String problem) {
                return new Failure("invalid JSON at offset " + at + ": " + problem);
            }
        }
    }
}
