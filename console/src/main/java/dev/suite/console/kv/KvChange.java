package dev.suite.console.kv;

import java.time.Instant;

/**
 * A change seen while the console ran. {@code oldValue} null: the key was created; {@code newValue} null: deleted.
 * {@code newIndex} is the ModifyIndex a rollback must name in {@code ?cas} (0 after a delete: only if still absent).
 */
public record KvChange(Instant at, String key, String oldValue, String newValue, long oldIndex, long newIndex) {
}
