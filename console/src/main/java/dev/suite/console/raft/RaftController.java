package dev.suite.console.raft;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.suite.console.consul.ConsulHttp;
import dev.suite.console.web.BadRequestException;
import dev.suite.console.web.UpstreamException;

/** The Raft view's state on demand and its one action: move leadership to a named voter. */
@RestController
class RaftController {

    private final RaftWatcher watcher;
    private final ConsulHttp http;

    RaftController(RaftWatcher watcher, ConsulHttp http) {
        this.watcher = watcher;
        this.http = http;
    }

    @GetMapping("/api/raft")
    RaftState state() {
        return watcher.last().orElseThrow(() -> new UpstreamException("no consensus node seen yet"));
    }

    @PostMapping("/api/raft/transfer-leader")
    Map<String, Object> transferLeader(@RequestParam String id,
                                       @RequestHeader(value = "X-Consul-Token", required = false) String token) {
        RaftState state = state();
        if (state.health() == null || state.health().servers().stream().noneMatch(s -> s.id().equals(id) && s.voter())) {
            throw new BadRequestException("'" + id + "' is not a voter of the cluster");
        }
        if (id.equals(state.leader())) {
            throw new BadRequestException(HttpStatus.CONFLICT, id + " already leads");
        }
        String lastError = "no consensus node reachable";
        for (RaftState.Node node : state.nodes()) {
            if (!node.reachable()) {
                continue;
            }
            try {
                ConsulHttp.Answer answer = http.post(URI.create(node.url()),
                        "/v1/operator/raft/transfer-leader?id=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8), token,
                        java.time.Duration.ofSeconds(15));
                if (answer.status() == 403) {
                    throw new BadRequestException(HttpStatus.FORBIDDEN, "the consensus node refused the token");
                }
                if (answer.ok()) {
                    watcher.refresh();
                    return Map.of("transferredTo", id, "via", node.id());
                }
                lastError = node.id() + " answered " + answer.status() + ": " + answer.body();
            } catch (IOException e) {
                lastError = node.id() + ": " + e.getMessage();
            }
        }
        throw new UpstreamException("leadership transfer failed: " + lastError);
    }
}
