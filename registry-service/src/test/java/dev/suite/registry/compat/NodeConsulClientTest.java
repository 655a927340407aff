package dev.suite.registry.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The npm package {@code consul} (installed by {@code .ci/setup-20-registry.sh}) registers with a TTL check,
 * passes, warns and fails it, reads {@code health/service?passing} and {@code catalog/services} and watches
 * with a blocking query; see {@code src/test/node/consul-client-check.js}. Skips without node or the module,
 * fails instead when {@code SUITE_REQUIRE_ALL=true} (CI).
 */
@RegistryTest
class NodeConsulClientTest {

    private static final Path SCRIPT_DIR = Path.of("src", "test", "node");

    @LocalServerPort
    int port;

    @Test
    void npmConsulClientWorksAgainstTheRegistry() throws IOException, InterruptedException {
        String node = findOnPath("node");
        boolean moduleInstalled = Files.isDirectory(SCRIPT_DIR.resolve("node_modules/consul"));
        if (node == null || !moduleInstalled) {
            String why = node == null ? "node is not on PATH"
                    : "npm module 'consul' is missing; run .ci/setup-20-registry.sh (npm ci in " + SCRIPT_DIR + ")";
            if ("true".equals(System.getenv("SUITE_REQUIRE_ALL"))) {
                fail("SUITE_REQUIRE_ALL=true but " + why);
            }
            Assumptions.abort(why);
        }
        new ConsulHttp(port).deregisterAll();

        Process process = new ProcessBuilder(node, "consul-client-check.js", String.valueOf(port))
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
            fail("node script did not finish within 90 s:\n" + output);
        }
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("OK");
    }

    private static String findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
