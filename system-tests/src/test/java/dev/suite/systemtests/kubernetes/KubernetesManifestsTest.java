package dev.suite.systemtests.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.suite.systemtests.support.Requirements;
import dev.suite.systemtests.support.SuiteRoot;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests under k8s/ as the API server would read them (fabric8's Kubernetes model), checked against the
 * applications they deploy: images, ports and probe paths from each module's application.yml, selectors against
 * labels, and kustomize rendering with kubectl where it is installed. No cluster and no Docker needed.
 */
class KubernetesManifestsTest {

    private static final Path K8S = SuiteRoot.path().resolve("k8s");
    private static final Set<String> SERVICE_MODULES =
            Set.of("registry-service", "consensus-service", "gateway", "order-service", "inventory-service", "console");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<HasMetadata> resources;

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        resources = new ArrayList<>();
        for (Path file : manifestFiles()) {
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                HasMetadata resource = serialization.unmarshal(document);
                assertThat(resource).as("a document of %s", file.getFileName()).isNotNull();
                resources.add(resource);
            }
        }
    }

    @Test
    void everyManifestIsAKnownKindWithNoUnknownFields() {
        assertThat(resources).hasSizeGreaterThanOrEqualTo(15);
        for (HasMetadata resource : resources) {
            assertThat(resource).as("%s/%s is a kind the Kubernetes model knows", resource.getKind(), name(resource))
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(UnknownFields.in(resource))
                    .as("fields of %s/%s that Kubernetes does not know (typos?)", resource.getKind(), name(resource))
                    .isEmpty();
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(node -> listed.add(node.asText()));
        Set<String> present = manifestFiles().stream().map(path -> path.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(present);
        assertThat(kustomization.get("namespace").asText()).isEqualTo("suite");
        assertThat(resources).anySatisfy(resource -> {
            assertThat(resource.getKind()).isEqualTo("Namespace");
            assertThat(name(resource)).isEqualTo("suite");
        });
    }

    @Test
    void everyServiceRunsItsOwnImageOnTheApplicationPortWithHealthGroupProbes() throws IOException {
        Set<String> deployed = new TreeSet<>();
        for (HasMetadata workload : workloads()) {
            for (Container container : podTemplate(workload).getSpec().getContainers()) {
                Optional<String> module = moduleOf(container.getImage());
                if (module.isEmpty()) {
                    continue;
                }
                deployed.add(module.get());
                int applicationPort = applicationPort(module.get());
                ContainerPort http = container.getPorts().stream().filter(port -> "http".equals(port.getName()))
                        .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no port named http"));
                assertThat(http.getContainerPort()).as("%s container port = server.port of its application.yml", module.get())
                        .isEqualTo(applicationPort);
                assertThat(probePath(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
                assertThat(probePath(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
                assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
                assertThat(healthProbesEnabled(module.get()))
                        .as("%s/application.yml enables the liveness and readiness health groups", module.get()).isTrue();
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).containsKey("memory");
                if ("console".equals(module.get())) {
                    // Its event ring and change feed are in memory: a reconnecting page must find the same pod.
                    assertThat(replicas(workload)).as("console replicas").isEqualTo(1);
                } else if (!"consensus-service".equals(module.get())) {
                    assertThat(replicas(workload)).as("%s replicas", module.get()).isEqualTo(2);
                }
            }
        }
        assertThat(deployed).containsExactlyInAnyOrder("consensus-service", "gateway", "order-service", "inventory-service",
                "console");
    }

    @Test
    void consensusIsAStatefulSetOfThreeWithHeadlessServicePersistentVolumesAndADisruptionBudget() {
        StatefulSet consensus = only(StatefulSet.class, "consensus");
        assertThat(consensus.getSpec().getReplicas()).isEqualTo(3);
        assertThat(consensus.getSpec().getVolumeClaimTemplates()).extracting(claim -> claim.getMetadata().getName())
                .containsExactly("data");
        Service headless = only(Service.class, consensus.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();

        String peers = podTemplate(consensus).getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().equals("SUITE_PEERS")).findFirst().orElseThrow().getValue();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            String pod = name(consensus) + "-" + ordinal;
            assertThat(peers).as("peers name pod %s by its stable DNS name", pod)
                    .contains(pod + "=" + pod + "." + name(headless) + ":9701");
        }

        PodDisruptionBudget budget = only(PodDisruptionBudget.class, "consensus");
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(podTemplate(consensus).getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void selectorsMatchTheirPodsLabels() {
        for (HasMetadata workload : workloads()) {
            Map<String, String> selector = workload instanceof Deployment deployment
                    ? deployment.getSpec().getSelector().getMatchLabels()
                    : ((StatefulSet) workload).getSpec().getSelector().getMatchLabels();
            assertThat(podTemplate(workload).getMetadata().getLabels()).as("%s template labels", name(workload))
                    .containsAllEntriesOf(selector);
        }
        for (Service service : all(Service.class)) {
            List<HasMetadata> selected = workloads().stream()
                    .filter(workload -> podTemplate(workload).getMetadata().getLabels().entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                    .toList();
            assertThat(selected).as("pods selected by Service %s", name(service)).hasSize(1);
            Set<String> containerPorts = podTemplate(selected.get(0)).getSpec().getContainers().stream()
                    .flatMap(container -> container.getPorts().stream()).map(ContainerPort::getName)
                    .collect(Collectors.toSet());
            service.getSpec().getPorts().forEach(port -> assertThat(containerPorts)
                    .as("Service %s targets a named container port", name(service))
                    .contains(port.getTargetPort().getStrVal()));
        }
    }

    @Test
    void ingressSendsEverythingToTheGatewayService() {
        Ingress ingress = only(Ingress.class, "gateway");
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        Service gateway = only(Service.class, backend.getName());
        assertThat(gateway.getSpec().getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo(backend.getPort().getName());
            assertThat(port.getPort()).isEqualTo(applicationPort("gateway"));
        });
    }

    @Test
    void kubectlRendersTheKustomizationIntoTheSuiteNamespace() throws Exception {
        Requirements.requireCommand("kubectl", "to render k8s/ with kustomize");
        Process process = new ProcessBuilder("kubectl", "kustomize", K8S.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("kubectl kustomize k8s/:%n%s", output).isZero();
        List<String> kinds = output.lines().filter(line -> line.startsWith("kind: ")).toList();
        assertThat(kinds).hasSize(resources.size());
        long namespaced = output.lines().filter(line -> line.equals("  namespace: suite")).count();
        assertThat(namespaced).as("every object but the Namespace lands in namespace suite").isEqualTo(resources.size() - 1);

        // A client-side dry run still asks an API server for its resource types; only where a cluster is configured.
        Process context = new ProcessBuilder("kubectl", "config", "current-context").redirectErrorStream(true).start();
        if (context.waitFor() == 0) {
            Process dryRun = new ProcessBuilder("kubectl", "apply", "--dry-run=client", "-k", K8S.toString())
                    .redirectErrorStream(true).start();
            String dryRunOutput = new String(dryRun.getInputStream().readAllBytes());
            assertThat(dryRun.waitFor()).as("kubectl apply --dry-run=client -k k8s/:%n%s", dryRunOutput).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(path -> path.toString().endsWith(".yaml"))
                    .filter(path -> !path.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T only(Class<T> type, String name) {
        List<T> matching = all(type).stream().filter(resource -> name(resource).equals(name)).toList();
        assertThat(matching).as("%s named %s", type.getSimpleName(), name).hasSize(1);
        return matching.get(0);
    }

    private static List<HasMetadata> workloads() {
        return resources.stream().filter(r -> r instanceof Deployment || r instanceof StatefulSet).toList();
    }

    private static PodTemplateSpec podTemplate(HasMetadata workload) {
        return workload instanceof Deployment deployment ? deployment.getSpec().getTemplate()
                : ((StatefulSet) workload).getSpec().getTemplate();
    }

    private static int replicas(HasMetadata workload) {
        return workload instanceof Deployment deployment ? deployment.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
    }

    private static String probePath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    /** suite/order-service:latest -> order-service, when that is one of the suite's modules. */
    private static Optional<String> moduleOf(String image) {
        if (!image.startsWith("suite/")) {
            return Optional.empty();
        }
        String module = image.substring("suite/".length()).replaceFirst(":.*$", "");
        assertThat(SERVICE_MODULES).as("image %s names a module", image).contains(module);
        return Optional.of(module);
    }

    private static JsonNode applicationYml(String module) throws IOException {
        Path yml = SuiteRoot.path().resolve(module).resolve("src/main/resources/application.yml");
        return YAML.readTree(yml.toFile());
    }

    /** server.port of a module, resolving the ${NAME:default} form to its default. */
    private static int applicationPort(String module) {
        try {
            String port = applicationYml(module).path("server").path("port").asText();
            return Integer.parseInt(port.replaceAll("^\\$\\{[^:}]+:([0-9]+)}$", "$1"));
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean healthProbesEnabled(String module) throws IOException {
        JsonNode probes = applicationYml(module).path("management").path("endpoint").path("health").path("probes");
        return probes.path("enabled").asBoolean(false);
    }
}
