package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelException;

class StorageOutageTest {

    @Test
    void aRefusedConnectionDeepInJpaWrappingIsAnOutage() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        RuntimeException failure = new PersistenceException(
                "could not prepare statement", new RuntimeException("JDBC exception", refused));

        assertThat(StorageOutage.of(failure)).containsSame(refused);
    }

    /** As Keycloak 26.7.3 threw it from the grant lookup while PostgreSQL restarted (./mvnw -Pchaos). */
    @Test
    void keycloaksModelExceptionOverADatabaseStartingUpIsAnOutage() {
        SQLException startingUp = new SQLException("FATAL: the database system is starting up", "57P03");
        RuntimeException failure = new ModelException("Database operation failed", startingUp);

        assertThat(StorageOutage.of(failure)).containsSame(startingUp);
    }

    /**
     * As Keycloak 26.7.3 threw them while PostgreSQL was down: its ModelException keeps only the driver's cause, the
     * socket's failure, not the driver's SQLException.
     */
    @Test
    void keycloaksModelExceptionOverARefusedOrClosedSocketIsAnOutage() {
        assertThat(StorageOutage.of(new ModelException(
                        "Database operation failed", new java.net.ConnectException("Connection refused"))))
                .isPresent();
        assertThat(StorageOutage.of(new ModelException("Database operation failed", new java.io.EOFException())))
                .isPresent();
        assertThat(StorageOutage.of(new PersistenceException(new java.net.SocketException("Connection reset"))))
                .isPresent();
    }

    @Test
    void aSocketFailureOutsideTheDatabaseLayerIsNot() {
        assertThat(StorageOutage.of(new IllegalStateException(new java.net.ConnectException("Connection refused"))))
                .isEmpty();
        assertThat(StorageOutage.of(new java.io.UncheckedIOException(new java.io.EOFException())))
                .isEmpty();
    }

    @Test
    void aBrokenConnectionAndAServerShuttingDownAreOutages() {
        assertThat(StorageOutage.of(new SQLException("An I/O error occurred while sending to the backend.", "08006")))
                .isPresent();
        assertThat(StorageOutage.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isPresent();
        assertThat(StorageOutage.of(new SQLException("the database system is starting up", "57P03")))
                .isPresent();
    }

    @Test
    void theJdbcConnectionExceptionTypesAreOutagesWhateverTheirState() {
        assertThat(StorageOutage.of(new IllegalStateException(new SQLTransientConnectionException("gone"))))
                .isPresent();
    }

    @Test
    void thePoolGivingUpOnAConnectionIsAnOutage() {
        assertThat(StorageOutage.of(new PersistenceException(
                        new SQLException("Acquisition timeout while waiting for new connection"))))
                .isPresent();
    }

    @Test
    void otherDatabaseErrorsAndOtherFailuresAreNot() {
        assertThat(StorageOutage.of(new SQLIntegrityConstraintViolationException("duplicate key", "23505")))
                .isEmpty();
        assertThat(StorageOutage.of(new SQLException("syntax error", "42601"))).isEmpty();
        assertThat(StorageOutage.of(new SQLException("no state"))).isEmpty();
        assertThat(StorageOutage.of(new IllegalStateException("a bug"))).isEmpty();
        assertThat(StorageOutage.of(new NullPointerException())).isEmpty();
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(StorageOutage.of(first)).isEmpty();
    }
}
