package dev.suite.console.events;

import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.suite.console.web.BadRequestException;

/** {@code GET /api/events}: the page's one Server-Sent Events stream, resumable with {@code Last-Event-ID}. */
@RestController
class EventController {

    private final EventHub hub;

    EventController(EventHub hub) {
        this.hub = hub;
    }

    @GetMapping(value = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        return hub.subscribe(parse(lastEventId));
    }

    @Scheduled(fixedDelay = 15_000)
    void keepAlive() {
        hub.heartbeat();
    }

    private static Long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Last-Event-ID must be a number, got '" + lastEventId + "'");
        }
    }
}
