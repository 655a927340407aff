package dev.suite.console.events;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.suite.console.ConsoleProperties;

/**
 * The one multiplexed event stream. Keeps a bounded ring of recent events, so that a page that reconnects with
 * {@code Last-Event-ID} gets exactly what it missed; a page that is new, or was away longer than the ring reaches back,
 * gets the latest state of each kind and the feeds' events still in the ring instead.
 */
@Component
public class EventHub implements SmartLifecycle {

    /** Event types that carry a whole state; the latest of each is kept beyond the ring. */
    public static final Set<String> STATES = Set.of("services", "raft", "kv", "lb", "lb-switches", "acl");

    private final int capacity;
    private final Deque<ConsoleEvent> recent = new ArrayDeque<>();
    /** The feeds' events (not states), as many as the ring holds, so frequent states cannot push them out for new pages. */
    private final Deque<ConsoleEvent> feed = new ArrayDeque<>();
    private final Map<String, ConsoleEvent> latestState = new LinkedHashMap<>();
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private long lastId;

    public EventHub(ConsoleProperties settings) {
        this.capacity = Math.max(16, settings.eventBuffer());
    }

    public void publish(String type, Object data) {
        ConsoleEvent event;
        synchronized (this) {
            event = new ConsoleEvent(++lastId, type, data);
            recent.addLast(event);
            if (recent.size() > capacity) {
                recent.removeFirst();
            }
            if (STATES.contains(type)) {
                latestState.put(type, event);
            } else {
                feed.addLast(event);
                if (feed.size() > capacity) {
                    feed.removeFirst();
                }
            }
        }
        for (SseEmitter emitter : emitters) {
            send(emitter, event);
        }
    }

    /**
     * What a page that last saw {@code lastEventId} (null: nothing) must receive to be current: the events after it
     * when the ring still holds them all, else the latest states and the last feed events.
     */
    public synchronized List<ConsoleEvent> replay(Long lastEventId) {
        if (lastEventId != null && lastEventId <= lastId) {
            long oldest = recent.isEmpty() ? lastId + 1 : recent.peekFirst().id();
            if (lastEventId >= oldest - 1) {
                return recent.stream().filter(e -> e.id() > lastEventId).toList();
            }
        }
        List<ConsoleEvent> events = new ArrayList<>(feed);
        events.addAll(latestState.values());
        events.sort((a, b) -> Long.compare(a.id(), b.id()));
        return events;
    }

    /** A new stream: first what the page missed, then every event as it is published. */
    public SseEmitter subscribe(Long lastEventId) {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        synchronized (this) {
            // Under the lock: no event is published between the replay and joining the live stream.
            boolean reset = lastEventId == null || !replayIsExact(lastEventId);
            if (reset) {
                send(emitter, new ConsoleEvent(lastId, "reset", Map.of("reason",
                        lastEventId == null ? "new page" : "missed more than the last " + capacity + " events")));
            }
            for (ConsoleEvent event : replay(lastEventId)) {
                send(emitter, event);
            }
            emitters.add(emitter);
        }
        return emitter;
    }

    private boolean replayIsExact(long lastEventId) {
        long oldest = recent.isEmpty() ? lastId + 1 : recent.peekFirst().id();
        return lastEventId <= lastId && lastEventId >= oldest - 1;
    }

    /** A comment line now and then keeps proxies from closing an idle stream and finds closed pages. */
    public void heartbeat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream when the console stops (before the web server's graceful shutdown, which would otherwise wait
     * for these never-ending requests); pages reconnect with Last-Event-ID.
     */
    @Override
    public void stop() {
        running = false;
        for (SseEmitter emitter : emitters) {
            emitters.remove(emitter);
            emitter.complete();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public int subscribers() {
        return emitters.size();
    }

    private void send(SseEmitter emitter, ConsoleEvent event) {
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.type()).data(event.data()));
            }
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
        }
    }
}
