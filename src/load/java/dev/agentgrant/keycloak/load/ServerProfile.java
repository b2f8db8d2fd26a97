package dev.agentgrant.keycloak.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The server's JFR recording ({@code -Dload.jfr=true}), cut into the windows in which each scenario's load ran: the
 * server's CPU per token (from {@code jdk.CPULoad}); the stages of a token request the CPU samples
 * ({@code jdk.ExecutionSample}) ran under, with the samples of threads waiting in native code under the same stage (a
 * database round trip, a row lock held by another transaction); and the running frames by library and by method.
 */
final class ServerProfile {

    /** Libraries by package prefix, first match wins; the rest is "other". */
    private static final Map<String, String> LIBRARIES = libraries();

    private static final int TOP_LIBRARIES = 10;
    private static final int TOP_FRAMES = 10;
    /** Stages of a token request, by a method that runs them (label → class.method), in request order. */
    private static final Map<String, String> STAGES = stages();

    private record Cpu(Instant time, double jvm, double machine) {}

    private record StackSample(Instant time, boolean running, List<String> frames) {}

    private final List<Cpu> cpu;
    private final List<StackSample> samples;

    private ServerProfile(List<Cpu> cpu, List<StackSample> samples) {
        this.cpu = cpu;
        this.samples = samples;
    }

    static ServerProfile read(Path recording) {
        List<Cpu> cpu = new ArrayList<>();
        List<StackSample> samples = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.CPULoad" ->
                        cpu.add(new Cpu(
                                event.getStartTime(),
                                event.getFloat("jvmUser") + event.getFloat("jvmSystem"),
                                event.getFloat("machineTotal")));
                    case "jdk.ExecutionSample", "jdk.NativeMethodSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack != null) {
                            samples.add(new StackSample(
                                    event.getStartTime(), type.equals("jdk.ExecutionSample"), frames(stack)));
                        }
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + recording, e);
        }
        return new ServerProfile(cpu, samples);
    }

    private static List<String> frames(RecordedStackTrace stack) {
        List<String> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            RecordedMethod method = frame.getMethod();
            frames.add(method.getType().getName() + "." + method.getName());
        }
        return frames;
    }

    String text(Map<Scenario, List<Sample>> rounds) {
        StringBuilder text = new StringBuilder("Server profile (JFR), measured windows only\n");
        for (Map.Entry<Scenario, List<Sample>> entry : rounds.entrySet()) {
            Sample total = new Sample();
            entry.getValue().forEach(total::add);
            text.append('\n').append(entry.getKey().name()).append('\n').append(scenario(total));
        }
        return text.toString();
    }

    /** The server JVM's CPU per token over the sample's windows, in ms ({@code jdk.CPULoad}); NaN without data. */
    double cpuMillisPerToken(Sample sample) {
        double jvm = average(sample.windows(), Cpu::jvm);
        int cores = Runtime.getRuntime().availableProcessors();
        return jvm * cores * sample.seconds() * 1000 / Math.max(1, sample.tokens());
    }

    /**
     * The stages of a request with CPU samples or waiting samples in the sample's windows, in request order, by their
     * label without its indentation.
     */
    Map<String, Stage> stages(Sample sample) {
        List<Sample.Window> windows = sample.windows();
        List<StackSample> inside =
                samples.stream().filter(s -> inside(s.time(), windows)).toList();
        List<StackSample> running = inside.stream().filter(StackSample::running).toList();
        double cpuMillisPerToken = cpuMillisPerToken(sample);
        Map<String, Stage> stages = new LinkedHashMap<>();
        for (Map.Entry<String, String> stage : STAGES.entrySet()) {
            long on = running.stream()
                    .filter(s -> s.frames().contains(stage.getValue()))
                    .count();
            long waiting = inside.stream()
                    .filter(s -> !s.running() && s.frames().contains(stage.getValue()))
                    .count();
            if (on + waiting > 0) {
                double share = running.isEmpty() ? 0 : (double) on / running.size();
                stages.put(
                        stage.getKey().strip(), new Stage(stage.getKey(), share, cpuMillisPerToken * share, waiting));
            }
        }
        return stages;
    }

    /**
     * One stage of a request in a scenario's windows.
     *
     * @param label          as printed, indented by nesting
     * @param share          of the CPU samples with the stage's method on the stack
     * @param millisPerToken the same share of the server's CPU per token
     * @param waiting        samples of threads waiting in native code under the stage
     */
    record Stage(String label, double share, double millisPerToken, long waiting) {}

    private double average(List<Sample.Window> windows, java.util.function.ToDoubleFunction<Cpu> value) {
        return cpu.stream()
                .filter(c -> inside(c.time(), windows))
                .mapToDouble(value)
                .average()
                .orElse(Double.NaN);
    }

    private String scenario(Sample sample) {
        List<Sample.Window> windows = sample.windows();
        double jvm = average(windows, Cpu::jvm);
        double machine = average(windows, Cpu::machine);
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "  server JVM %.0f %% of the machine's CPU (machine total %.0f %%): %.2f ms of CPU per token%n",
                jvm * 100,
                machine * 100,
                cpuMillisPerToken(sample)));

        List<StackSample> running = samples.stream()
                .filter(s -> s.running() && inside(s.time(), windows))
                .toList();
        if (running.isEmpty()) {
            return text.append("  no CPU samples\n").toString();
        }
        text.append(String.format(
                Locale.ROOT,
                "  stages (share of %d CPU samples with the method on the stack, as ms of"
                        + " CPU per token; samples waiting in native code):%n",
                running.size()));
        for (Stage stage : stages(sample).values()) {
            text.append(String.format(
                    Locale.ROOT,
                    "    %5.1f %%  %5.2f ms  %5d  %s%n",
                    100.0 * stage.share(),
                    stage.millisPerToken(),
                    stage.waiting(),
                    stage.label()));
        }
        text.append("  running frame by library:\n");
        top(running, s -> library(s.frames().isEmpty() ? "" : s.frames().get(0)), TOP_LIBRARIES, text);
        text.append("  running frame:\n");
        top(running, s -> s.frames().isEmpty() ? "?" : s.frames().get(0), TOP_FRAMES, text);
        return text.toString();
    }

    private static void top(
            List<StackSample> samples, Function<StackSample, String> key, int limit, StringBuilder text) {
        Map<String, Integer> counts = new HashMap<>();
        samples.forEach(s -> counts.merge(key.apply(s), 1, Integer::sum));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> text.append(String.format(
                        Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * e.getValue() / samples.size(), e.getKey())));
    }

    private static boolean inside(Instant time, List<Sample.Window> windows) {
        for (Sample.Window window : windows) {
            if (!time.isBefore(window.start()) && !time.isAfter(window.end())) {
                return true;
            }
        }
        return false;
    }

    private static String library(String frame) {
        for (Map.Entry<String, String> entry : LIBRARIES.entrySet()) {
            if (frame.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return "other";
    }

    private static Map<String, String> stages() {
        Map<String, String> stages = new LinkedHashMap<>();
        stages.put(
                "token endpoint, whole request",
                "org.keycloak.protocol.oidc.endpoints.TokenEndpoint.processGrantRequest");
        stages.put("client authentication", "org.keycloak.protocol.oidc.utils.AuthorizeClientUtil.authorizeClient");
        stages.put("DPoP proof (Keycloak)", "org.keycloak.services.util.DPoPUtil.handleDPoPHeader");
        stages.put("client_credentials grant", "org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType.process");
        stages.put(
                "standard token exchange",
                "org.keycloak.protocol.oidc.tokenexchange.StandardTokenExchangeProvider.tokenExchange");
        String extension = "dev.agentgrant.keycloak.";
        stages.put("task-grant exchange", extension + "exchange.TaskGrantExchangeProvider.run");
        stages.put("  grant lookup", extension + "grant.store.GrantStore.find");
        stages.put(
                "  attestation (presentation, cache, policy)",
                extension + "attestation.service.AttestationService.verify");
        stages.put("    presentation signature", extension + "attestation.jose.StrictJws.verifySignature");
        stages.put(
                "    evidence (from the cache, or verified)",
                extension + "attestation.service.AttestationService.verifyCached");
        stages.put("      JWT-SVID verified (a cache miss)", extension + "attestation.spiffe.JwtSvidVerifier.verify");
        stages.put("  replay entry of the presentation", extension + "attestation.service.AttestationService.consume");
        stages.put(
                "  consume a use (and the exhaustion, when the last)",
                extension + "grant.lifecycle.GrantTransitions.consumeUse");
        stages.put("    conditional update", extension + "grant.store.GrantStore.consumeUse");
        stages.put("    reload the grant", extension + "grant.store.GrantStore.reload");
        stages.put("  mint the token", extension + "exchange.TaskTokenMinter.mint");
        stages.put("  audit record", extension + "grant.audit.AuditTrail.record");
        stages.put("token signing (Keycloak)", "org.keycloak.jose.jws.DefaultTokenManager.encode");
        stages.put("transaction commit (Keycloak)", "org.keycloak.services.DefaultKeycloakTransactionManager.commit");
        return Collections.unmodifiableMap(stages);
    }

    private static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("sun.security.ec", "JDK EC crypto (ECDSA, EdDSA)");
        libraries.put("sun.security.util.math", "JDK EC crypto (ECDSA, EdDSA)");
        libraries.put("sun.security.rsa", "JDK RSA crypto");
        libraries.put("java.math.", "java.math (RSA)");
        libraries.put("sun.security.", "JDK security, other");
        libraries.put("dev.agentgrant.", "the extension");
        libraries.put("com.nimbusds.", "Nimbus JOSE");
        libraries.put("org.bouncycastle.", "Bouncy Castle");
        libraries.put("org.postgresql.", "PostgreSQL driver");
        libraries.put("org.h2.", "H2");
        libraries.put("org.hibernate.", "Hibernate");
        libraries.put("io.agroal.", "Agroal (connection pool)");
        libraries.put("org.infinispan.", "Infinispan");
        libraries.put("org.jgroups.", "JGroups");
        libraries.put("com.fasterxml.jackson.", "Jackson");
        libraries.put("org.keycloak.", "Keycloak");
        libraries.put("io.netty.", "Netty");
        libraries.put("io.vertx.", "Vert.x");
        libraries.put("org.jboss.resteasy.", "RESTEasy");
        libraries.put("io.quarkus.", "Quarkus");
        libraries.put("java.util.regex.", "JDK regex");
        libraries.put("java.", "JDK, other");
        libraries.put("jdk.", "JDK, other");
        libraries.put("sun.", "JDK, other");
        return Collections.unmodifiableMap(libraries);
    }
}
