package dev.suite.console.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.suite.console.ConsoleProperties;

class EventHubTest {

    private final EventHub hub = new EventHub(new ConsoleProperties(URI.create("http://127.0.0.1:1"), "127.0.0.1:1",
            List.of(), "config/", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 16,
            List.of(), Duration.ofSeconds(2)));

    @Test
    void aPageThatReconnectsWithLastEventIdGetsExactlyTheEventsItMissed() {
        hub.publish("kv-change", Map.of("key", "config/a"));
        hub.publish("services", Map.of("n", 1));
        hub.publish("kv-change", Map.of("key", "config/b"));

        assertThat(hub.replay(1L)).extracting(ConsoleEvent::id).containsExactly(2L, 3L);
        assertThat(hub.replay(3L)).isEmpty();
    }

    @Test
    void aNewPageGetsTheLatestStateOfEachKindAndTheFeedsEvents() {
        hub.publish("services", Map.of("n", 1));
        hub.publish("kv-change", Map.of("key", "config/a"));
        hub.publish("services", Map.of("n", 2));
        hub.publish("raft", Map.of("leader", "n1"));

        assertThat(hub.replay(null)).extracting(ConsoleEvent::id).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aPageAwayLongerThanTheRingReachesBackGetsTheStatesInsteadOfAGap() {
        hub.publish("raft", Map.of("leader", "n1"));
        for (int i = 0; i < 40; i++) {
            hub.publish("services", Map.of("n", i));
        }

        List<ConsoleEvent> replay = hub.replay(1L);

        assertThat(replay).extracting(ConsoleEvent::type).containsExactlyInAnyOrder("raft", "services");
        assertThat(replay).filteredOn(e -> e.type().equals("services")).singleElement()
                .extracting(ConsoleEvent::data).isEqualTo(Map.of("n", 39));
    }

    @Test
    void frequentStatesDoNotPushTheChangeFeedOutOfANewPagesReplay() {
        hub.publish("kv-change", Map.of("key", "config/a"));
        for (int i = 0; i < 100; i++) {
            hub.publish("lb", Map.of("n", i));
        }

        assertThat(hub.replay(null)).extracting(ConsoleEvent::type).containsExactly("kv-change", "lb");
    }
}
