package dev.agentgrant.keycloak.support;

import jakarta.persistence.PersistenceException;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ModelException;

/**
 * Whether a failure means the database cannot be reached right now, rather than that the request or the server is
 * wrong: somewhere in its causes, a JDBC connection failure (SQLSTATE class 08, "connection exception", of SQL:2016
 * and PostgreSQL's Appendix A), a server shutting down or not yet accepting connections (PostgreSQL's 57P01–57P03),
 * the connection pool giving up on getting one, or — under a database-layer failure (JPA's, or Keycloak's
 * {@code ModelException}, which keeps only the driver's cause) — the socket to the database refused, reset or closed.
 * Such a request may succeed when repeated later, so it is answered as unavailable for now instead of with a server
 * error.
 */
public final class StorageOutage {

    /** How deep the cause chain is followed; JPA and Hibernate wrap a JDBC failure three or four levels down. */
    private static final int MAX_DEPTH = 16;

    private StorageOutage() {}

    /** The failure among {@code failure}'s causes that shows the outage, if it is one. */
    public static Optional<Throwable> of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean underDatabaseLayer = false;
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.add(current); depth++) {
            if (current instanceof SQLException sql && unreachable(sql)) {
                return Optional.of(sql);
            }
            if (underDatabaseLayer && lostConnection(current)) {
                return Optional.of(current);
            }
            underDatabaseLayer |= current instanceof PersistenceException
                    || current instanceof ModelException
                    || current instanceof SQLException;
            current = current.getCause();
        }
        return Optional.empty();
    }

    private static boolean unreachable(SQLException sql) {
        if (sql instanceof SQLTransientConnectionException
                || sql instanceof SQLNonTransientConnectionException
                || sql instanceof SQLRecoverableException) {
            return true;
        }
        String state = sql.getSQLState();
        if (state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03"))) {
            return true;
        }
        // Agroal, Keycloak's connection pool, reports a connection it could not get within its acquisition timeout
        // as a plain SQLException without a state.
        String message = sql.getMessage();
        return state == null && message != null && message.startsWith("Acquisition timeout");
    }

    /** Refused (ConnectException), reset or broken (SocketException), timed out, or closed mid-answer (EOF). */
    private static boolean lostConnection(Throwable failure) {
        return failure instanceof SocketException
                || failure instanceof SocketTimeoutException
                || failure instanceof EOFException;
    }
}
