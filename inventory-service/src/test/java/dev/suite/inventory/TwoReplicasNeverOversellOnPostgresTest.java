package dev.suite.inventory;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same race on a real PostgreSQL, in a fresh schema so the Flyway migrations run from scratch.
 * Connection settings: SUITE_POSTGRES_URL, SUITE_POSTGRES_USER, SUITE_POSTGRES_PASSWORD; the defaults match
 * .ci/setup-10-postgres.sh. Without a reachable PostgreSQL the test is skipped, or fails when
 * SUITE_REQUIRE_ALL=true (as in CI).
 */
@EnabledIf(value = "postgresReachableOrRequired",
        disabledReason = "PostgreSQL is not reachable at SUITE_POSTGRES_URL (default jdbc:postgresql://localhost:5432/suite,"
                + " user/password suite/suite): run .ci/setup-10-postgres.sh. With SUITE_REQUIRE_ALL=true this fails instead.")
class TwoReplicasNeverOversellOnPostgresTest extends TwoReplicasNeverOversell {

    private static final String URL = env("SUITE_POSTGRES_URL", "jdbc:postgresql://localhost:5432/suite");
    private static final String USER = env("SUITE_POSTGRES_USER", "suite");
    private static final String PASSWORD = env("SUITE_POSTGRES_PASSWORD", "suite");

    private final String schema = "inventory_test_" + Long.toHexString(System.nanoTime());

    @Override
    List<String> databaseArguments() {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException unreachable) {
            String message = "PostgreSQL is not reachable at " + URL + " as " + USER + " (" + unreachable.getMessage()
                    + "). Run .ci/setup-10-postgres.sh or set SUITE_POSTGRES_URL/USER/PASSWORD.";
            if (Boolean.parseBoolean(System.getenv("SUITE_REQUIRE_ALL"))) {
                fail(message + " SUITE_REQUIRE_ALL=true, so this is a failure, not a skip.");
            }
            throw new IllegalStateException(message);
        }
        String separator = URL.contains("?") ? "&" : "?";
        return List.of(
                "--spring.datasource.url=" + URL + separator + "currentSchema=" + schema,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD);
    }

    @AfterAll
    void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException unreachable) {
            // Nothing was created when the database was unreachable.
        }
    }

    /** Skips the class (with the reason above) when PostgreSQL is down, unless CI requires every test to run. */
    static boolean postgresReachableOrRequired() {
        if (Boolean.parseBoolean(System.getenv("SUITE_REQUIRE_ALL"))) {
            return true; // connecting in @BeforeAll then fails with the full error
        }
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return true;
        } catch (SQLException unreachable) {
            System.err.println("Skipping " + URL + " tests: " + unreachable.getMessage());
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
