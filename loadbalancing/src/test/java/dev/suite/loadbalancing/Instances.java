package dev.suite.loadbalancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/** Test instances of one service on loopback, ports 9001, 9002, ... */
final class Instances {

    static final String SERVICE = "inventory-service";

    private Instances() {
    }

    static List<ServiceInstance> of(int count) {
        List<ServiceInstance> instances = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            instances.add(instance(9000 + i, Map.of()));
        }
        return instances;
    }

    static ServiceInstance instance(int port, Map<String, String> metadata) {
        return new DefaultServiceInstance(SERVICE + "-" + port, SERVICE, "127.0.0.1", port, false, metadata);
    }
}
