package dev.suite.consensus.cluster;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.suite.consensus.web.BadRequestException;

/** Consul's status and Raft operator endpoints, backed by the Ratis configuration. */
@RestController
public class StatusController {

    /** One server as Consul's {@code /v1/operator/raft/configuration} shows it. */
    public record RaftServerInfo(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Leader") boolean leader,
            @JsonProperty("Voter") boolean voter,
            @JsonProperty("ProtocolVersion") String protocolVersion) {
    }

    public record RaftConfigurationInfo(
            @JsonProperty("Servers") List<RaftServerInfo> servers,
            @JsonProperty("Index") long index) {
    }

    private final ClusterOperations cluster;

    public StatusController(ClusterOperations cluster) {
        this.cluster = cluster;
    }

    /** The leader's Raft address as a JSON string, or "" while there is none (as Consul). */
    @GetMapping(value = "/v1/status/leader", produces = "application/json")
    public String leader() {
        // A String return value is written as is, so the JSON quotes are ours to add.
        return "\"" + cluster.leader().map(RaftMember::address).orElse("") + "\"";
    }

    @GetMapping("/v1/status/peers")
    public List<String> peers() {
        return cluster.members().stream().filter(RaftMember::voter).map(RaftMember::address).toList();
    }

    @GetMapping("/v1/operator/raft/configuration")
    public RaftConfigurationInfo configuration() {
        List<RaftServerInfo> servers = cluster.members().stream()
                .map(m -> new RaftServerInfo(m.id(), m.id(), m.address(), m.leader(), m.voter(), "3"))
                .toList();
        return new RaftConfigurationInfo(servers, cluster.configurationIndex());
    }

    /** Adds a voter that runs with {@code suite.consensus.join=true}. */
    @PutMapping("/v1/operator/raft/peer")
    public boolean addPeer(@RequestParam(required = false) String id, @RequestParam(required = false) String address) {
        if (id == null || id.isBlank() || address == null || !address.matches("[^:\\s]+:\\d{1,5}")) {
            throw new BadRequestException("need ?id=<node id>&address=<host>:<raft port>");
        }
        cluster.addMember(id, address);
        return true;
    }

    /** Removes a server by {@code id} or by Raft {@code address}, as Consul's endpoint does. */
    @DeleteMapping("/v1/operator/raft/peer")
    public boolean removePeer(@RequestParam(required = false) String id,
                              @RequestParam(required = false) String address) {
        cluster.removeMember(resolve(id, address));
        return true;
    }

    @PostMapping("/v1/operator/raft/transfer-leader")
    public Map<String, Boolean> transferLeader(@RequestParam(required = false) String id) {
        String target = id;
        if (target == null || target.isBlank()) {
            // Consul picks any other voter when no id is given.
            String leader = cluster.leader().map(RaftMember::id).orElse(null);
            target = cluster.members().stream().filter(RaftMember::voter).map(RaftMember::id)
                    .filter(m -> !m.equals(leader)).findFirst()
                    .orElseThrow(() -> new BadRequestException("no other voter to transfer leadership to"));
        }
        cluster.transferLeadership(target);
        return Map.of("Success", true);
    }

    private String resolve(String id, String address) {
        if (id != null && !id.isBlank()) {
            return id;
        }
        if (address != null && !address.isBlank()) {
            return cluster.members().stream().filter(m -> m.address().equals(address)).map(RaftMember::id)
                    .findFirst().orElseThrow(() -> new BadRequestException("no server with address " + address));
        }
        throw new BadRequestException("need ?id= or ?address=");
    }
}
