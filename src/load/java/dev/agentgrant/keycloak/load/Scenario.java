package dev.agentgrant.keycloak.load;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One kind of token request the benchmark measures. Everything a request needs that costs CPU on the client
 * (signing, encoding) is done in {@link #prepare} or {@link #next}, outside the measured time, which covers the
 * HTTP exchange only.
 */
public interface Scenario {

    String name();

    /**
     * Called before each slice of load (at most {@link ClosedLoop#MAX_SLICE} long), outside the measured time.
     *
     * @param slice        how long the slice lasts
     * @param expectedRate requests per second this scenario reached in its previous slice (a guess before the first)
     */
    void prepare(Duration slice, double expectedRate);

    /** The next request; called by every virtual user, concurrently. */
    HttpRequest next();

    /** Whether the answer is what the scenario expects: a token. */
    default boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().contains("\"access_token\"");
    }

    /** Anything the report should say about how the requests were made; empty when nothing. */
    default String notes() {
        return "";
    }
}
