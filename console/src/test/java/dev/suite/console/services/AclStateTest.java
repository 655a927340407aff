package dev.suite.console.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.suite.console.ConsoleProperties;
import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.events.ConsoleEvent;
import dev.suite.console.events.EventHub;
import tools.jackson.databind.json.JsonMapper;

/** Against a stand-in for the registry's ACL check (403 to a write without a token, as registry-service and Consul). */
class AclStateTest {

    private HttpServer registry;

    private ConsoleProperties settings(int port) {
        return new ConsoleProperties(URI.create("http://127.0.0.1:" + port), "127.0.0.1:1", List.of(), "config/",
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 16, List.of(), Duration.ofSeconds(2));
    }

    private int registryAnswering(int status, AtomicReference<String> seen) throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " token=" + exchange.getRequestHeaders().getFirst("X-Consul-Token"));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        registry.start();
        return registry.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    @Test
    void aRegistryThatRefusesAWriteWithoutATokenMakesThePagesReadOnly() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        ConsoleProperties settings = settings(registryAnswering(403, seen));
        EventHub events = new EventHub(settings);

        new AclState(new ConsulHttp(JsonMapper.builder().build(), settings), events, settings).probe();

        assertThat(events.replay(null)).extracting(ConsoleEvent::type, ConsoleEvent::data)
                .contains(org.assertj.core.groups.Tuple.tuple("acl", Map.of("required", true)));
        assertThat(seen.get()).startsWith("PUT /v1/agent/service/maintenance/console-acl-probe-").contains("enable=false")
                .endsWith("token=null");
    }

    @Test
    void aRegistryWithoutAclsAnswers404ToTheProbeAndPagesMayWrite() throws Exception {
        ConsoleProperties settings = settings(registryAnswering(404, new AtomicReference<>()));
        EventHub events = new EventHub(settings);

        new AclState(new ConsulHttp(JsonMapper.builder().build(), settings), events, settings).probe();

        assertThat(events.replay(null)).extracting(ConsoleEvent::data).contains(Map.of("required", false));
    }
}
