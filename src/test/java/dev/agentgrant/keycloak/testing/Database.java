package dev.agentgrant.keycloak.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The database a distribution-backed Keycloak runs on. H2 is Keycloak's embedded dev-file database; PostgreSQL
 * and MariaDB are the local servers of the test machine. Each run gets a database of its own, created before
 * Keycloak starts and dropped after it stops, so runs never see each other's realms.
 *
 * <p>The server is addressed by {@code keycloak.db.host}, {@code keycloak.db.port}, {@code keycloak.db.username}
 * and {@code keycloak.db.password} (defaults: the local servers, see README).
 */
public enum Database {
    H2("dev-file", null, 0, null, null),
    POSTGRES("postgres", "jdbc:postgresql", 5432, "postgres", ""),
    MARIADB("mariadb", "jdbc:mariadb", 3306, "root", "");

    private final String keycloakVendor;
    private final String jdbcScheme;
    private final int defaultPort;
    private final String defaultUser;
    private final String defaultPassword;

    Database(String keycloakVendor, String jdbcScheme, int defaultPort, String defaultUser, String defaultPassword) {
        this.keycloakVendor = keycloakVendor;
        this.jdbcScheme = jdbcScheme;
        this.defaultPort = defaultPort;
        this.defaultUser = defaultUser;
        this.defaultPassword = defaultPassword;
    }

    public static Database byName(String name) {
        String normalized = name.toLowerCase(Locale.ROOT);
        switch (normalized) {
            case "h2":
            case "dev-file":
                return H2;
            case "postgres":
            case "postgresql":
                return POSTGRES;
            case "mariadb":
                return MARIADB;
            default:
                throw new IllegalArgumentException("Unknown keycloak.db '" + name + "'; use h2, postgres or mariadb");
        }
    }

    public boolean embedded() {
        return this == H2;
    }

    /** Creates a fresh, empty database for one run. */
    public void create(String name) {
        if (embedded()) {
            return;
        }
        execute(
                this == MARIADB
                        ? "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                        : "CREATE DATABASE " + name);
    }

    public void drop(String name) {
        if (!embedded()) {
            execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    /** The {@code kc.sh start-dev} options that point Keycloak at database {@code name}. */
    public List<String> keycloakOptions(String name) {
        List<String> options = new java.util.ArrayList<>();
        options.add("--db=" + keycloakVendor);
        options.addAll(connectionOptions(name));
        return options;
    }

    /** The run-time options only, for a server built with {@code --db=}{@link #keycloakVendor()}. */
    public List<String> connectionOptions(String name) {
        if (embedded()) {
            return List.of();
        }
        return List.of("--db-url=" + jdbcUrl(name), "--db-username=" + user(), "--db-password=" + password());
    }

    /** The value of Keycloak's build-time {@code --db} option. */
    public String keycloakVendor() {
        return keycloakVendor;
    }

    public String jdbcUrl(String name) {
        return jdbcScheme + "://" + host() + ":" + port() + "/" + name;
    }

    /** A connection to database {@code name} as the servers use it (for bulk loading and query plans). */
    public Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), user(), password());
    }

    private void execute(String sql) {
        // The server-level connection goes to the database every local server has.
        String adminDatabase = this == POSTGRES ? "postgres" : "";
        try (Connection connection = DriverManager.getConnection(jdbcUrl(adminDatabase), user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot run '" + sql + "' on " + this + " at " + host() + ":" + port() + " as " + user()
                            + " (is the server running? see README, Testing): " + e.getMessage(),
                    e);
        }
    }

    private String host() {
        return System.getProperty("keycloak.db.host", "127.0.0.1");
    }

    private int port() {
        return Integer.parseInt(System.getProperty("keycloak.db.port", String.valueOf(defaultPort)));
    }

    private String user() {
        return System.getProperty("keycloak.db.username", defaultUser);
    }

    private String password() {
        return System.getProperty("keycloak.db.password", defaultPassword);
    }
}
