package dev.suite.systemtests.support;

import java.io.File;
import java.util.Arrays;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (Docker, images, a command). Missing: the test is skipped with the reason,
 * unless SUITE_REQUIRE_ALL=true (CI), where it fails instead, so a green CI run never hides a skipped test.
 */
public final class Requirements {

    private Requirements() {
    }

    public static boolean requireAll() {
        return "true".equalsIgnoreCase(System.getenv("SUITE_REQUIRE_ALL"));
    }

    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (requireAll()) {
            Assertions.fail(what + " (SUITE_REQUIRE_ALL=true turns this skip into a failure)");
        }
        Assumptions.abort("skipped: " + what);
    }

    public static void requireCommand(String command, String purpose) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> new File(dir, command).canExecute());
        require(found, command + " is not installed; it is needed " + purpose);
    }
}
