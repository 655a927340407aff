package dev.suite.registry.api;

import java.util.List;

import dev.suite.registry.catalog.Catalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/status/*}: a one-server cluster whose leader is this node, on Consul's server RPC port. */
@RestController
@RequestMapping("/v1/status")
class StatusController {

    private final String serverAddress;

    StatusController(Catalog catalog) {
        this.serverAddress = catalog.node().address() + ":8300";
    }

    @GetMapping(value = "/leader", produces = "application/json")
    String leader() {
        return "\"" + serverAddress + "\"";
    }

    @GetMapping("/peers")
    List<String> peers() {
        return List.of(serverAddress);
    }
}
