package dev.suite.console.services;

import java.util.List;
import java.util.Map;

/**
 * One registered instance as the health endpoint shows it.
 *
 * @param status       the worst of its checks: passing, warning or critical
 * @param maintenance  whether Consul's {@code _service_maintenance:<id>} check is present
 */
public record ServiceInstance(String id, String service, String node, String address, int port, List<String> tags,
                              Map<String, String> meta, String weight, String status, boolean maintenance,
                              List<Check> checks) {

    public record Check(String checkId, String name, String status, String output) {
    }
}
