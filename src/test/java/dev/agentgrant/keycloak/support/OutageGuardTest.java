package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutageGuardTest {

    private final List<Throwable> heard = new ArrayList<>();

    @Test
    void workThatSucceedsIsAnsweredAsItIsAndNothingIsHeard() {
        List<String> order = new ArrayList<>();

        Response answer = OutageGuard.run(
                () -> {
                    order.add("work");
                    return Response.ok("done").build();
                },
                () -> order.add("written"),
                heard::add,
                () -> {
                    throw new AssertionError("not an outage");
                });

        assertThat(answer.getEntity()).isEqualTo("done");
        assertThat(order).containsExactly("work", "written");
        assertThat(heard).isEmpty();
    }

    @Test
    void workTheDatabaseCouldNotServeGetsTheUnavailableAnswerAfterTheOutageIsHeard() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        List<String> order = new ArrayList<>();

        Response answer = OutageGuard.run(
                () -> {
                    throw new PersistenceException("could not prepare statement", refused);
                },
                () -> order.add("written"),
                outage -> {
                    heard.add(outage);
                    order.add("heard");
                },
                () -> {
                    order.add("answered");
                    return OutageGuard.agentAnswer().build();
                });

        assertThat(heard).containsExactly(refused);
        assertThat(order).containsExactly("heard", "answered");
        assertThat(answer.getStatus()).isEqualTo(503);
    }

    /** The database went away after the work's statements and before its writes were flushed. */
    @Test
    void writesThatFailForWantOfTheDatabaseGetTheUnavailableAnswerToo() {
        SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");

        Response answer = OutageGuard.run(
                () -> Response.ok("token").build(),
                () -> {
                    throw new PersistenceException("could not execute statement", broken);
                },
                heard::add,
                () -> OutageGuard.agentAnswer().build());

        assertThat(heard).containsExactly(broken);
        assertThat(answer.getStatus()).isEqualTo(503);
    }

    @Test
    void anyOtherFailureGoesOnUnchanged() {
        IllegalStateException bug = new IllegalStateException("a bug, not an outage");

        assertThatThrownBy(() -> OutageGuard.run(
                        () -> {
                            throw bug;
                        },
                        () -> {},
                        heard::add,
                        () -> Response.ok().build()))
                .isSameAs(bug);
        assertThat(heard).isEmpty();
    }

    @Test
    void anAgentIsToldTemporarilyUnavailableWithRetryAfterNeverCached() {
        Response response = OutageGuard.agentAnswer().build();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getEntity())
                .isEqualTo(Map.of(
                        "error",
                        "temporarily_unavailable",
                        "error_description",
                        "The server cannot reach its database right now; repeat the request later"));
    }
}
