package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.load.FormRequests;
import dev.agentgrant.keycloak.load.Scenario;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A read the scale run times: a GET of one of several addresses in turn (a grant's status, the person's page, one
 * admin list query), with a header that may change over the run (an admin token is renewed every minute).
 */
final class GetScenario implements Scenario {

    private final String name;
    private final IntFunction<URI> address;
    private final String header;
    private final Supplier<String> headerValue;
    private final Predicate<HttpResponse<String>> success;
    private final AtomicLong sent = new AtomicLong();

    GetScenario(
            String name,
            IntFunction<URI> address,
            String header,
            Supplier<String> headerValue,
            Predicate<HttpResponse<String>> success) {
        this.name = name;
        this.address = address;
        this.header = header;
        this.headerValue = headerValue;
        this.success = success;
    }

    /** The same address every time. */
    static GetScenario of(String name, URI uri, String header, Supplier<String> value) {
        return new GetScenario(name, i -> uri, header, value, response -> response.statusCode() == 200);
    }

    static GetScenario cycling(String name, List<URI> uris, String header, Supplier<String> value) {
        return new GetScenario(
                name, i -> uris.get(i % uris.size()), header, value, response -> response.statusCode() == 200);
    }

    GetScenario succeedingWhen(Predicate<HttpResponse<String>> condition) {
        return new GetScenario(name, address, header, headerValue, condition);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {}

    @Override
    public HttpRequest next() {
        int i = (int) (sent.getAndIncrement() & Integer.MAX_VALUE);
        return HttpRequest.newBuilder(address.apply(i))
                .timeout(FormRequests.TIMEOUT)
                .header(header, headerValue.get())
                .GET()
                .build();
    }

    @Override
    public boolean succeeded(HttpResponse<String> response) {
        return success.test(response);
    }
}
