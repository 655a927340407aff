package dev.suite.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.suite.console.ConsoleApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser (Debian's chromium, headless, driven by chromedriver; nothing is downloaded) against
 * a real registry, 3-node consensus cluster, gateway, two order-service and two inventory-service instances started
 * from their jars.
 * One set of processes for the whole class.
 * Saves a screenshot of each view to docs/images/console-*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static SuiteProcesses suite;
    private static ConfigurableApplicationContext console;
    private static WebDriver browser;
    private static String consoleUrl;
    private static Path userDataDir;
    private static int gatewayPort;

    @BeforeAll
    static void start() throws Exception {
        require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)");
        Path registryJar = jar("console.test.registry-jar");
        Path consensusJar = jar("console.test.consensus-jar");
        Path gatewayJar = jar("console.test.gateway-jar");
        Path orderJar = jar("console.test.order-jar");
        Path inventoryJar = jar("console.test.inventory-jar");
        suite = new SuiteProcesses(registryJar, consensusJar);
        suite.awaitReady();
        // Only once the KV store answers: a service that starts before it does follows no shared configuration
        // (live-config watches the contexts found at start), and the policy switch's marks need each one's applied index.
        gatewayPort = suite.startService(gatewayJar, "gateway");
        suite.startService(inventoryJar, "inventory-1");
        suite.startService(inventoryJar, "inventory-2");
        suite.startService(orderJar, "order-1");
        suite.startService(orderJar, "order-2");
        assertThat(suite.put("/v1/kv/config/application/loadbalancing/services/inventory-service/policy?cas=0",
                "round-robin").body()).isEqualTo("true");
        for (int i = 1; i <= 2; i++) {
            assertThat(suite.put("/v1/agent/service/register", """
                    {"ID":"demo-%d","Name":"demo","Address":"127.0.0.1","Port":%d,"Tags":["v1"],"Meta":{"weight":"%d"},
                     "Check":{"CheckID":"service:demo-%d","TTL":"10m"}}""".formatted(i, 10000 + i, i, i)).statusCode())
                    .isEqualTo(200);
            suite.put("/v1/agent/check/pass/service:demo-" + i + "?note=ok", "");
        }
        // Command-line arguments outrank application.yml: never the suite's default ports or addresses.
        console = new SpringApplicationBuilder(ConsoleApplication.class).run(
                "--server.port=0",
                "--console.registry=" + suite.registry(),
                "--console.dns=127.0.0.1:" + suite.dnsPort,
                "--console.consensus-nodes=" + suite.consensusUrls());
        assertThat(console.getEnvironment().getProperty("console.registry")).isEqualTo(suite.registry());
        consoleUrl = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port") + "/";

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        userDataDir = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + userDataDir);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
        browser.get(consoleUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void instancesAppearAndAFailingCheckTurnsCriticalOnThePage() throws Exception {
        tab("services");
        awaitText(By.cssSelector("tr[data-instance='demo-1'] td.status"), "passing");
        awaitText(By.cssSelector("tr[data-instance='demo-2'] td.status"), "passing");

        suite.put("/v1/agent/check/fail/service:demo-1?note=connection%20refused", "");

        awaitText(By.cssSelector("tr[data-instance='demo-1'] td.status"), "critical");
        awaitText(By.cssSelector("tr[data-instance='demo-1'] [data-check='service:demo-1']"), "connection refused");
        click(By.cssSelector("button[data-dns='demo']"));
        awaitText(By.id("dns-answer"), "SRV");
        String[] http = browser.findElement(By.id("http-answer")).getText().split("/v1/catalog/service/");
        assertThat(http[0]).as("?passing").contains("127.0.0.1:10002").doesNotContain("127.0.0.1:10001");
        assertThat(http[1]).as("catalog").contains("127.0.0.1:10001", "127.0.0.1:10002");
        assertThat(browser.findElement(By.id("dns-answer")).getText()).as("DNS: passing only")
                .contains("10002").doesNotContain("10001");
        screenshot("services");
        suite.put("/v1/agent/check/pass/service:demo-1?note=ok", "");
        awaitText(By.cssSelector("tr[data-instance='demo-1'] td.status"), "passing");
    }

    @Test
    @Order(2)
    void maintenanceTakesAnInstanceOutOfThePassingAnswer() throws Exception {
        tab("services");
        assertThat(passingDemo()).contains("demo-2");
        click(By.cssSelector("button[data-maint='demo-2']"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(passingDemo()).doesNotContain("demo-2").contains("demo-1"));
        awaitText(By.cssSelector("button[data-maint='demo-2']"), "end maintenance");
        awaitText(By.cssSelector("tr[data-instance='demo-2'] td.status"), "critical");

        click(By.cssSelector("button[data-maint='demo-2']"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(passingDemo()).contains("demo-2"));
    }

    @Test
    @Order(3)
    void aKvEditRacingAConcurrentChangeShowsAConflictAndOverwritesNothing() throws Exception {
        assertThat(suite.put("/v1/kv/config/demo/greeting", "hello").body()).isEqualTo("true");
        tab("config");
        click(By.cssSelector("li[data-key='config/demo/greeting']"));
        WebElement editor = browser.findElement(By.id("kv-value"));
        await().atMost(Duration.ofSeconds(10)).until(() -> editor.getAttribute("value").equals("hello"));

        // Someone else writes between our read and our save.
        assertThat(suite.put("/v1/kv/config/demo/greeting", "changed-elsewhere").body()).isEqualTo("true");
        editor.clear();
        editor.sendKeys("mine");
        click(By.id("kv-save"));

        awaitText(By.id("kv-conflict"), "changed-elsewhere");
        assertThat(suite.get("/v1/kv/config/demo/greeting?raw").body()).isEqualTo("changed-elsewhere");

        // The change feed shows the concurrent change with its diff; rolling it back restores the old value.
        By change = By.cssSelector("#kv-feed li[data-change^='config/demo/greeting@']");
        awaitText(change, "changed-elsewhere");
        screenshot("config");
        click(By.cssSelector("#kv-feed li[data-change^='config/demo/greeting@'] button"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(suite.get("/v1/kv/config/demo/greeting?raw").body()).isEqualTo("hello"));
    }

    @Test
    @Order(4)
    void aLeadershipTransferShowsTheNewLeader() throws Exception {
        tab("raft");
        WebElement leaderText = browser.findElement(By.id("raft-leader"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leaderText.getText().matches("n[123]"));
        String leader = leaderText.getText();
        String target = suite.consensus.stream().map(SuiteProcesses.ConsensusNode::id).filter(id -> !id.equals(leader))
                .findFirst().orElseThrow();

        click(By.cssSelector("button[data-transfer='" + target + "']"));

        awaitText(By.id("raft-leader"), target);
        awaitText(By.cssSelector("tr[data-node='" + target + "'] td.role"), "Leader");
        awaitText(By.id("raft-timeline"), leader + " → " + target);
        screenshot("raft");
    }

    @Test
    @Order(5)
    void theLoadBalancingViewShowsRatesAndP99AndMarksWhenEachInstanceAppliedAPolicySwitch() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String gateway = "http://127.0.0.1:" + gatewayPort;
        HttpRequest read = HttpRequest.newBuilder(URI.create(gateway + "/api/inventory/A-1")).timeout(Duration.ofSeconds(5)).build();
        HttpRequest stock = HttpRequest.newBuilder(URI.create(gateway + "/api/inventory/A-1")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"available\":100000}")).build();
        HttpRequest order = HttpRequest.newBuilder(URI.create(gateway + "/api/orders")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}")).build();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> passing("inventory-service") == 2 && passing("order-service") == 2
                        && client.send(stock, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && client.send(order, HttpResponse.BodyHandlers.discarding()).statusCode() == 201);
        tab("lb");
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            // Bounded: at most 3000 requests, about 20 a second (one order in four), to the test's own gateway on loopback.
            for (int i = 0; i < 3000 && sending.get(); i++) {
                try {
                    client.send(i % 4 == 0 ? order : read, HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        }, "traffic");
        traffic.start();
        try {
            By rows = By.cssSelector("[data-lb-service='inventory-service'] tr[data-target]");
            // Two inventory instances as the gateway sees them, and two more per order-service instance.
            new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .withMessage("inventory-service instances with requests per second above 0 and a p99, from the gateway and both order-services")
                    .until(driver -> driver.findElements(rows).size() == 6 && driver.findElements(rows).stream()
                            .allMatch(row -> Double.parseDouble(row.findElement(By.cssSelector("td.rps")).getText()) > 0
                                    && row.findElement(By.cssSelector("td.p99")).getText().endsWith(" ms")));
            awaitText(By.cssSelector("[data-lb-service='order-service'] h4"), "as seen by gateway");
            // What the buckets cost in the gateway's scrape: 13 lines (12 bounds and +Inf) per timer series.
            String scrape = client.send(HttpRequest.newBuilder(URI.create(gateway + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> lines = scrape.lines().filter(l -> !l.startsWith("#")).toList();
            List<String> buckets = lines.stream().filter(l -> l.startsWith("loadbalancer_instance_requests_seconds_bucket")).toList();
            long series = lines.stream().filter(l -> l.startsWith("loadbalancer_instance_requests_seconds_count")).count();
            assertThat(buckets).hasSize((int) (13 * series));
            System.out.printf("gateway scrape: %d bucket lines (%d bytes) for %d timer series, of %d samples (%d bytes)%n",
                    buckets.size(), buckets.stream().mapToInt(l -> l.length() + 1).sum(), series, lines.size(), scrape.length());

            click(By.cssSelector("button[data-policy='inventory-service:least-connections']"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    suite.get("/v1/kv/config/application/loadbalancing/services/inventory-service/policy?raw").body())
                    .isEqualTo("least-connections"));
            awaitText(By.cssSelector("[data-lb-service='inventory-service'] h2"), "policy: least-connections");
            long index = JSON.readTree(suite.get("/v1/kv/config/application/loadbalancing/services/inventory-service/policy")
                    .body()).get(0).get("ModifyIndex").asLong();
            By marks = By.cssSelector("[data-lb-service='inventory-service'] [data-switch='" + index + "']");
            awaitText(marks, "ModifyIndex " + index);
            for (String service : List.of("gateway", "order-service", "inventory-service")) {
                for (String id : instanceIds(service)) {
                    awaitText(By.cssSelector("[data-lb-service='inventory-service'] [data-switch='" + index
                            + "'] li[data-applied='" + id + "']"), "≥ " + index);
                    assertThat(browser.findElements(By.cssSelector("[data-lb-service='inventory-service'] svg.chart line[data-applied='"
                            + id + "']"))).as("a tick on the chart for " + id).isNotEmpty();
                }
            }
            assertThat(browser.findElement(marks).getText()).containsPattern("\\+\\d+ ms");
            // A few more samples after the switch, so that the chart shows the line around its marks.
            int samples = Integer.parseInt(browser.findElement(By.cssSelector("[data-lb-service='inventory-service'] svg.chart"))
                    .getAttribute("data-samples"));
            new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> Integer.parseInt(driver.findElement(
                            By.cssSelector("[data-lb-service='inventory-service'] svg.chart")).getAttribute("data-samples"))
                            >= Math.min(samples + 4, 60));
            // The bottom of the inventory-service block: the last caller's chart with its marks, and the switch's list.
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelector("
                    + "\"[data-lb-service='inventory-service'] .switches\").scrollIntoView({block: 'end'})");
            screenshot("lb");
        } finally {
            sending.set(false);
            traffic.join(10_000);
        }
    }

    private static int passing(String service) throws Exception {
        return JSON.readTree(suite.get("/v1/health/service/" + service + "?passing").body()).size();
    }

    private static List<String> instanceIds(String service) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(suite.get("/v1/catalog/service/" + service).body()).forEach(node -> ids.add(node.get("ServiceID").asText()));
        assertThat(ids).as(service + " instances").isNotEmpty();
        return ids;
    }

    private static String passingDemo() throws Exception {
        return suite.get("/v1/health/service/demo?passing").body();
    }

    private static void tab(String name) {
        browser.findElement(By.cssSelector("#tabs button[data-tab='" + name + "']")).click();
    }

    private static void click(By locator) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> {
                    driver.findElement(locator).click();
                    return true;
                });
    }

    private static void awaitText(By locator, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "waiting for '" + text + "' in " + locator)
                .until(driver -> driver.findElements(locator).stream().anyMatch(e -> e.getText().contains(text)));
    }

    private static void screenshot(String view) throws IOException {
        Path target = Path.of(System.getProperty("console.test.screenshots", "target/screenshots"));
        Files.createDirectories(target);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("console-" + view + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path jar(String property) {
        String path = System.getProperty(property, "");
        boolean built = path.endsWith(".jar") && Files.isRegularFile(Path.of(path));
        require(built, property + " = '" + path + "' is not a built jar; run the build through the package phase "
                + "(./mvnw -pl console -am verify)");
        return Path.of(path);
    }

    private static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("SUITE_REQUIRE_ALL"))) {
            Assertions.fail(what + " (SUITE_REQUIRE_ALL=true turns this skip into a failure)");
        }
        Assumptions.abort("skipped: " + what);
    }
}
