package dev.suite.console.events;

/**
 * One event of the page's stream.
 *
 * @param id     increasing, the SSE {@code id:} a reconnecting page sends back as {@code Last-Event-ID}
 * @param type   the SSE {@code event:} name: a state ({@code services}, {@code raft}, {@code kv}, {@code lb}) replaces
 *               the previous state of that type; a change ({@code kv-change}, {@code leader-change}) adds to a feed
 * @param data   the JSON payload
 */
public record ConsoleEvent(long id, String type, Object data) {
}
