package dev.suite.console.kv;

/** One key of the configuration tree, its value as UTF-8 text. */
public record KvEntry(String key, String value, long modifyIndex, long flags) {
}
