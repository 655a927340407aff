package dev.suite.consensus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.suite.consensus.cluster.LeaderView.FollowerProgress;

class AutopilotHealthTest {

    private static final List<RaftMember> MEMBERS = List.of(
            new RaftMember("n1", "h:1", true, true),
            new RaftMember("n2", "h:2", false, true),
            new RaftMember("n3", "h:3", false, true));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final AutopilotHealth health = new AutopilotHealth(Duration.ofSeconds(2), 250);

    @Test
    void aClusterWhoseFollowersAreInContactAndCaughtUpIsHealthyAndToleratesOneFailure() {
        LeaderView view = new LeaderView("n1", 3, 1000, 3, 60_000,
                List.of(new FollowerProgress("n2", 999, 100), new FollowerProgress("n3", 1000, 400)));

        AutopilotHealth.Reply reply = health.evaluate(MEMBERS, view, index -> 3, NOW);

        assertThat(reply.healthy()).isTrue();
        assertThat(reply.failureTolerance()).isEqualTo(1);
        assertThat(reply.servers()).extracting(AutopilotHealth.Server::id).containsExactly("n1", "n2", "n3");
        AutopilotHealth.Server leader = reply.servers().get(0);
        assertThat(leader.leader()).isTrue();
        assertThat(leader.lastIndex()).isEqualTo(1000);
        assertThat(leader.stableSince()).isEqualTo(NOW.minusSeconds(60));
        assertThat(reply.servers().get(1).lastIndex()).isEqualTo(999);
        assertThat(reply.servers().get(1).lastContact()).isEqualTo("100ms");
    }

    @Test
    void aFollowerNotHeardFromOrTrailingTooFarIsUnhealthy() {
        LeaderView view = new LeaderView("n1", 3, 1000, 3, 60_000,
                List.of(new FollowerProgress("n2", 1000, 5_000), new FollowerProgress("n3", 700, 100)));

        AutopilotHealth.Reply reply = health.evaluate(MEMBERS, view, index -> 3, NOW);

        assertThat(reply.healthy()).isFalse();
        assertThat(reply.failureTolerance()).isZero();
        assertThat(reply.servers()).extracting(AutopilotHealth.Server::healthy).containsExactly(true, false, false);
    }

    @Test
    void stableSinceMovesOnlyWhenAServersHealthChanges() {
        LeaderView healthy = new LeaderView("n1", 3, 10, 3, 1_000,
                List.of(new FollowerProgress("n2", 10, 100), new FollowerProgress("n3", 10, 100)));
        Instant first = health.evaluate(MEMBERS, healthy, index -> 3, NOW).servers().get(2).stableSince();
        Instant again = health.evaluate(MEMBERS, healthy, index -> 3, NOW.plusSeconds(5)).servers().get(2).stableSince();
        assertThat(again).isEqualTo(first);

        LeaderView lost = new LeaderView("n1", 3, 10, 3, 1_000,
                List.of(new FollowerProgress("n2", 10, 100), new FollowerProgress("n3", 10, 9_000)));
        Instant changed = health.evaluate(MEMBERS, lost, index -> 3, NOW.plusSeconds(10)).servers().get(2).stableSince();
        assertThat(changed).isAfter(first);
    }
}
