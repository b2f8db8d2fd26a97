package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.DpopProof;
import dev.agentgrant.demo.client.Sha256;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The commands that sign with the demo keys: provenance, presentation, dpop; and digest. */
final class SigningCommands {

    static final Pattern SOURCE_ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** RFC 9110 §9.1 / §5.6.2: a method is a token; the registered ones are upper case. */
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,20}");
    /** Keycloak 26.7's default cap for token parameters (req-token-params-default-max-size). */
    private static final int TOKEN_PARAMETER_LIMIT = 20_000;

    private SigningCommands() {}

    static List<Command> all() {
        return List.of(
                new Command(
                        "provenance",
                        "sign SLSA provenance v1 in a DSSE envelope",
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
                        List.of(
                                Option.value("subject-name", "NAME", "artifact name (required)"),
                                Option.value(
                                        "digest",
                                        "ALG:HEX",
                                        "artifact digest: sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>"),
                                Option.value(
                                        "file", "PATH", "compute the sha256 digest of this file instead of --digest"),
                                Option.value(
                                        "builder-id", "URI", "default https://github.com/actions/runner/github-hosted"),
                                Option.value("repository", "URL", "default https://github.com/acme/agent"),
                                Option.value("ref", "REF", "default refs/heads/main"),
                                Option.value("workflow-path", "PATH", "default .github/workflows/release.yml"),
                                Option.value(
                                        "build-type",
                                        "URI",
                                        "default https://actions.github.io/buildtypes/workflow/v1"),
                                Option.value(
                                        "sha",
                                        "HEX40",
                                        "source commit, recorded as resolvedDependencies[0].digest.gitCommit"),
                                Option.value(
                                        "keyid",
                                        "ID",
                                        "keyid hint of the signature (default: the key's thumbprint; '' omits it)")),
                        true,
                        SigningCommands::provenance),
                new Command(
                        "presentation",
                        "sign an attestation presentation carrying evidence",
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
                        List.of(
                                Option.value("agent", "CLIENT_ID", "the agent's client_id (required)"),
                                Option.value("audience", "URL", "the realm's issuer URL (required)"),
                                Option.repeated(
                                        "evidence", "SOURCE=FORMAT:VALUE", "an evidence item (repeatable, at most 8)"),
                                Option.value("ttl", "SECONDS", "lifetime, 1–60 (default 30)"),
                                Option.value("jti", "ID", "single-use id (default: a random UUID)")),
                        true,
                        SigningCommands::presentation),
                new Command(
                        "dpop",
                        "sign a DPoP proof for one HTTP request",
                        "dpop --method METHOD --url URL [--access-token TOKEN] [--nonce NONCE] [--jti ID]",
                        """
                        Prints a DPoP proof (RFC 9449 §4.2) for one HTTP request, signed with instance-key.json: header
                        {"typ":"dpop+jwt","alg":"ES256","jwk":<the public instance key>}, claims jti, htm (the method),
                        htu (the URL without its query and fragment), iat, and ath (the base64url SHA-256 of the access
                        token) with --access-token, for a call to a resource server (RFC 9449 §7). Keycloak pins a task
                        grant to the key that signed the request's presentation, so proofs for its token exchange come
                        from the same instance key. --access-token is @FILE, @- (standard input) or the token itself.
                        """,
                        List.of(
                                Option.value("method", "METHOD", "the request's HTTP method, e.g. POST (required)"),
                                Option.value("url", "URL", "the request's URL (required)"),
                                Option.value(
                                        "access-token", "TOKEN", "the access token the request carries (adds ath)"),
                                Option.value("nonce", "NONCE", "a nonce the server sent in DPoP-Nonce (RFC 9449 §8)"),
                                Option.value("jti", "ID", "single-use id (default: a random UUID)")),
                        true,
                        SigningCommands::dpop),
                new Command(
                        "digest",
                        "print the sha256 digest of a file",
                        "digest --file PATH",
                        """
                        Prints sha256:<hex> of the file, the form provenance --digest takes.
                        """,
                        List.of(Option.value("file", "PATH", "the file (required)")),
                        false,
                        (args, context) -> context.out().println(Sha256.ofFile(Path.of(args.required("file"))))));
    }

    private static void provenance(Arguments args, Context context) throws IOException, GeneralSecurityException {
        String subjectName = args.required("subject-name");
        if (subjectName.isEmpty()
                || subjectName.contains(",")
                || subjectName.chars().anyMatch(Character::isISOControl)) {
            throw new UsageError("--subject-name must be non-empty, without commas or control characters");
        }
        String digest = Inputs.digest(args);
        Provenance.Build defaults = Provenance.Build.defaults();
        String sha = args.value("sha", null);
        if (sha != null && !MintCommands.GIT_SHA.matcher(sha).matches()) {
            throw new UsageError("--sha must be 40 lowercase hex characters");
        }
        Provenance.Build build = new Provenance.Build(
                args.value("builder-id", defaults.builderId()),
                args.value("repository", defaults.repository()),
                args.value("ref", defaults.ref()),
                args.value("workflow-path", defaults.workflowPath()),
                args.value("build-type", defaults.buildType()),
                sha);
        context.out()
                .println(new Provenance(context.state())
                        .envelope(subjectName, digest, build, args.value("keyid", null)));
    }

    private static void presentation(Arguments args, Context context) throws IOException {
        String agent = args.required("agent");
        String audience = args.required("audience");
        long ttl = args.integer("ttl", 30, 1, Presentations.MAX_TTL);
        String jti = Inputs.jti(args);
        List<String> specs = args.all("evidence");
        if (specs.size() > Presentations.MAX_EVIDENCE_ITEMS) {
            throw new UsageError(
                    "at most " + Presentations.MAX_EVIDENCE_ITEMS + " --evidence items are allowed (wire contract)");
        }
        List<Map<String, Object>> evidence = new ArrayList<>();
        Set<String> sources = new HashSet<>();
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
                throw new UsageError(
                        "--evidence source '" + source + "' is not a source alias (a-z, 0-9, '.', '_', '-')");
            }
            if (!Set.of("jwt", "dsse", "digest-ref").contains(format)) {
                throw new UsageError("--evidence format '" + format + "' is not jwt, dsse or digest-ref");
            }
            if (!sources.add(source)) {
                throw new UsageError(
                        "--evidence names source '" + source + "' twice; one item per source (wire contract)");
            }
            if (value.equals("@-") && stdinUsed) {
                throw new UsageError("only one --evidence value can come from standard input");
            }
            stdinUsed |= value.equals("@-");
            value = Inputs.read(value, context).trim();
            if (value.isEmpty()) {
                throw new UsageError("--evidence value of source '" + source + "' is empty");
            }
            evidence.add(Presentations.item(source, format, value));
        }
        String jws = Presentations.sign(context.state().instanceKey(), agent, audience, ttl, jti, evidence);
        if (jws.length() > TOKEN_PARAMETER_LIMIT) {
            context.err()
                    .println("Warning: the presentation has " + jws.length() + " characters; Keycloak refuses an "
                            + "actor_token over " + TOKEN_PARAMETER_LIMIT
                            + " unless req-token-params-default-max-size is raised.");
        }
        context.out().println(jws);
    }

    private static void dpop(Arguments args, Context context) throws IOException {
        String method = args.required("method");
        if (!HTTP_METHOD.matcher(method).matches()) {
            throw new UsageError("--method must be an HTTP method in upper case, e.g. GET or POST");
        }
        String url = Inputs.url(args.required("url"), "--url");
        String htu = DpopProof.htu(url);
        String jti = Inputs.jti(args);
        String accessToken = args.has("access-token")
                ? Inputs.read(args.required("access-token"), context).trim()
                : null;
        if (accessToken != null && accessToken.isEmpty()) {
            throw new UsageError("--access-token is empty");
        }
        context.out()
                .println(DpopProof.sign(
                        context.state().instanceKey(), method, htu, accessToken, args.value("nonce", null), jti));
    }
}
