package dev.suite.systemtests.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.suite.systemtests.support.Requirements;
import dev.suite.systemtests.support.SuiteRoot;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The whole suite as containers on one Docker network, named as in docker-compose.yml: consul (registry-service),
 * consensus-1..3, postgres, inventory-1..2, order-1..2 and gateway. Images are the suite's own
 * (docker/build-images.sh); nothing is pulled.
 */
public final class SuiteContainers implements AutoCloseable {

    public static final String TAG = System.getenv().getOrDefault("SUITE_IMAGE_TAG", "latest");
    static final String POSTGRES_IMAGE = System.getenv().getOrDefault("SUITE_POSTGRES_IMAGE", "suite/postgres:15");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final long MEMORY_LIMIT = 384L * 1024 * 1024;

    private final Network network = Network.newNetwork();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();

    /** Skips (or fails, with SUITE_REQUIRE_ALL=true) when Docker or one of the images is missing. */
    public static void requireDockerAndImages() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException e) {
            docker = false;
        }
        Requirements.require(docker, "no Docker engine answers; the system tests run the suite's images in Docker "
                + "(start one: see .ci/setup-50-docker.sh)");
        List<String> missing = Stream.concat(
                        Stream.of("registry-service", "consensus-service", "inventory-service", "order-service", "gateway")
                                .map(module -> "suite/" + module + ":" + TAG),
                        Stream.of(POSTGRES_IMAGE))
                .filter(image -> !imageExists(image)).toList();
        Requirements.require(missing.isEmpty(), "images " + missing + " are missing; build them with docker/build-images.sh");
    }

    private static boolean imageExists(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    public SuiteContainers start() {
        GenericContainer<?> consul = javaService("consul", "registry-service", 8500)
                .withCommand("agent", "-dev", "-client=0.0.0.0")
                .withEnv("REGISTRY_KV_UPSTREAMS", "http://consensus-1:8701,http://consensus-2:8701,http://consensus-3:8701");
        List<GenericContainer<?>> infrastructure = new ArrayList<>(List.of(consul));
        String peers = "n1=consensus-1:9701,n2=consensus-2:9702,n3=consensus-3:9703";
        for (int node = 1; node <= 3; node++) {
            // Distinct Raft ports per node, as in the local suite, so the leader's address names its container.
            infrastructure.add(javaService("consensus-" + node, "consensus-service", 8701)
                    .withEnv("SUITE_NODE_ID", "n" + node)
                    .withEnv("SUITE_PEERS", peers));
        }
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withNetwork(network).withNetworkAliases("postgres")
                .withEnv("POSTGRES_USER", "suite").withEnv("POSTGRES_PASSWORD", "suite").withEnv("POSTGRES_DB", "suite")
                .withCopyFileToContainer(MountableFile.forHostPath(
                                SuiteRoot.path().resolve("docker/compose/postgres-init/10-databases.sh"), 0755),
                        "/docker-entrypoint-initdb.d/10-databases.sh")
                .withExposedPorts(5432)
                // Ready once the databases from the init script exist and TCP connections are accepted.
                .waitingFor(Wait.forSuccessfulCommand("pg_isready -q -h 127.0.0.1 -U suite -d inventory")
                        .withStartupTimeout(START_TIMEOUT));
        infrastructure.add(postgres);
        register(postgres, "postgres");
        Startables.deepStart(infrastructure).join();
        seedSharedConfiguration();

        List<GenericContainer<?>> services = new ArrayList<>();
        for (int replica = 1; replica <= 2; replica++) {
            services.add(databaseService("inventory-" + replica, "inventory-service", 8082, "inventory"));
            services.add(databaseService("order-" + replica, "order-service", 8081, "orders"));
        }
        services.add(javaService("gateway", "gateway", 8080).withEnv("MANAGEMENT_INFO_ENV_ENABLED", "true"));
        Startables.deepStart(services).join();
        return this;
    }

    private GenericContainer<?> javaService(String name, String module, int port) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("suite/" + module + ":" + TAG))
                .withNetwork(network)
                .withNetworkAliases(name)
                // The memory limit of docker-compose.yml and k8s/: the images size their heap as a share of it.
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(name).getHostConfig().withMemory(MEMORY_LIMIT))
                .withEnv("SERVER_PORT", String.valueOf(port))
                .withEnv("SUITE_HTTP_PORT", String.valueOf(port))
                .withEnv("SUITE_ADVERTISED_ADDRESS", name)
                .withEnv("SPRING_CLOUD_CONSUL_DISCOVERY_IP_ADDRESS", name)
                .withEnv("SPRING_CLOUD_CONSUL_HOST", "consul")
                .withEnv("SPRING_CLOUD_CONSUL_PORT", "8500")
                .withEnv("CONSUL_HOST", "consul")
                .withEnv("CONSUL_PORT", "8500")
                .withExposedPorts(port)
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(port).withStartupTimeout(START_TIMEOUT));
        register(container, name);
        return container;
    }

    private GenericContainer<?> databaseService(String name, String module, int port, String database) {
        return javaService(name, module, port)
                .withEnv("SPRING_PROFILES_ACTIVE", "postgres")
                .withEnv("POSTGRES_HOST", "postgres").withEnv("POSTGRES_DB", database)
                .withEnv("POSTGRES_USER", "suite").withEnv("POSTGRES_PASSWORD", "suite")
                .withEnv("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + database)
                .withEnv("SPRING_DATASOURCE_USERNAME", "suite").withEnv("SPRING_DATASOURCE_PASSWORD", "suite");
    }

    private void register(GenericContainer<?> container, String name) {
        containers.put(name, container);
    }

    /** The same keys as docker-compose.yml's config-seed service, written with its script. */
    private void seedSharedConfiguration() {
        GenericContainer<?> node = container("consensus-1");
        node.copyFileToContainer(MountableFile.forHostPath(SuiteRoot.path().resolve("docker/compose/shared-config.properties")),
                "/tmp/shared-config.properties");
        node.copyFileToContainer(MountableFile.forHostPath(SuiteRoot.path().resolve("docker/compose/seed-config.sh")),
                "/tmp/seed-config.sh");
        try {
            var result = node.execInContainer("env", "KV_URL=http://localhost:8701", "CONFIG=/tmp/shared-config.properties",
                    "sh", "/tmp/seed-config.sh");
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("seeding the shared configuration failed: " + result.getStderr());
            }
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public GenericContainer<?> container(String name) {
        GenericContainer<?> container = containers.get(name);
        if (container == null) {
            throw new IllegalArgumentException("no container " + name + "; there are " + containers.keySet());
        }
        return container;
    }

    /** http://localhost:<mapped port> of a container's first exposed port. */
    public String url(String name) {
        GenericContainer<?> container = container(name);
        return "http://" + container.getHost() + ":" + container.getMappedPort(container.getExposedPorts().get(0));
    }

    /** SIGKILL, as a crash: no shutdown hook, no deregistration. */
    public void kill(String name) {
        GenericContainer<?> container = container(name);
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).withSignal("SIGKILL").exec();
    }

    public String logs(String name) {
        return container(name).getLogs();
    }

    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>(containers.values());
        java.util.Collections.reverse(all);
        all.forEach(GenericContainer::stop);
        network.close();
    }
}
