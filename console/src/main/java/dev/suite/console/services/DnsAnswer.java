package dev.suite.console.services;

import java.util.List;

/**
 * What the registry's DNS interface and its HTTP health endpoint answer for one service, side by side.
 *
 * @param a        A records of {@code <name>.service.consul}
 * @param srv      SRV records of {@code <name>.service.consul}
 * @param rcode    the DNS response code of the A query (NOERROR, NXDOMAIN, ...)
 * @param error    why DNS did not answer, null when it did
 * @param passing  {@code address:port} of each instance in {@code /v1/health/service/<name>?passing}
 * @param catalog  {@code address:port} of each instance in {@code /v1/catalog/service/<name>} (passing or not)
 */
public record DnsAnswer(String name, List<String> a, List<Srv> srv, String rcode, String error, List<String> passing,
                        List<String> catalog) {

    public record Srv(int priority, int weight, int port, String target) {
    }
}
