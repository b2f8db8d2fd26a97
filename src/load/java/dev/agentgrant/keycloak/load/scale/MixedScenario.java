package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.load.Scenario;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Several scenarios taking turns request by request, each answer judged by the scenario whose request it was. */
final class MixedScenario implements Scenario {

    private final List<Scenario> parts;
    private final AtomicLong sent = new AtomicLong();

    MixedScenario(List<Scenario> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public String name() {
        return String.join(" + ", parts.stream().map(Scenario::name).toList());
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {
        parts.forEach(part -> part.prepare(slice, expectedRate / parts.size()));
    }

    @Override
    public HttpRequest next() {
        return parts.get((int) (sent.getAndIncrement() % parts.size())).next();
    }

    /** The token endpoint's answers are the exchange's, every other one a status poll's. */
    @Override
    public boolean succeeded(HttpResponse<String> response) {
        boolean token = response.request().uri().getPath().endsWith("/protocol/openid-connect/token");
        return parts.stream()
                .filter(part -> token == part.name().contains("exchange"))
                .findFirst()
                .orElse(parts.get(0))
                .succeeded(response);
    }

    @Override
    public String notes() {
        return String.join(" ", parts.stream().map(Scenario::notes).toList()).trim();
    }
}
