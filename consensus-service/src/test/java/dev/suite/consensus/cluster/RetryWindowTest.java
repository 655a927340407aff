package dev.suite.consensus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.apache.ratis.client.retry.ClientRetryEvent;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * The leader forgets a reply after {@link RaftNode#retryCacheExpiry}; a client retry that reached it later would be
 * applied a second time. So the client must stop retrying in time: these are the two halves of that promise.
 */
class RetryWindowTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private final RetryPolicy policy = RaftNode.retryWithin(REQUEST_TIMEOUT);

    @Test
    void aRequestYoungerThanTheTimeoutIsRetriedAfterAShortSleep() {
        for (RaftClientRequest.Type type : new RaftClientRequest.Type[] {
                RaftClientRequest.writeRequestType(), RaftClientRequest.readRequestType()}) {
            RetryPolicy.Action action = policy.handleAttemptFailure(failedAttempt(type, 9_000));
            assertThat(action.shouldRetry()).as("%s, 9 s old", type).isTrue();
            assertThat(action.getSleepTime().toLong(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(100);
        }
    }

    @Test
    void aRequestAsOldAsTheTimeoutIsNotRetried() {
        for (RaftClientRequest.Type type : new RaftClientRequest.Type[] {
                RaftClientRequest.writeRequestType(), RaftClientRequest.readRequestType()}) {
            assertThat(policy.handleAttemptFailure(failedAttempt(type, 10_001)).shouldRetry())
                    .as("%s, 10 s old", type).isFalse();
        }
    }

    @Test
    void theLeaderRemembersRepliesLongerThanTheLastRetryCanArrive() {
        // The last retry starts before the request timeout and takes at most one RPC timeout (half of it).
        Duration lastArrival = REQUEST_TIMEOUT.plus(REQUEST_TIMEOUT.dividedBy(2));
        assertThat(RaftNode.retryCacheExpiry(REQUEST_TIMEOUT)).isGreaterThan(lastArrival);
        assertThat(RaftNode.retryCacheExpiry(Duration.ofMillis(500))).isGreaterThan(Duration.ofMillis(750));
    }

    private static ClientRetryEvent failedAttempt(RaftClientRequest.Type type, long ageMillis) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(ClientId.randomId())
                .setServerId(RaftPeerId.valueOf("n1"))
                .setGroupId(RaftNode.GROUP_ID)
                .setCallId(1)
                .setMessage(Message.EMPTY)
                .setType(type)
                .build();
        return new ClientRetryEvent(3, request, 3, new IOException("no answer"),
                Timestamp.currentTime().addTimeMs(-ageMillis));
    }
}
