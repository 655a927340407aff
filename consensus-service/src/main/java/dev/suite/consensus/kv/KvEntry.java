package dev.suite.consensus.kv;

import java.util.Arrays;

/**
 * One stored key, as Consul describes it: indexes are the Raft log indexes that created and last
 * changed the key.
 */
public record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex) {

    public KvEntry {
        value = value == null ? new byte[0] : value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KvEntry that
                && key.equals(that.key)
                && Arrays.equals(value, that.value)
                && flags == that.flags
                && createIndex == that.createIndex
                && modifyIndex == that.modifyIndex;
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value) + Long.hashCode(modifyIndex);
    }

    @Override
    public String toString() {
        return "KvEntry[" + key + ", " + value.length + " bytes, flags=" + flags
                + ", create=" + createIndex + ", modify=" + modifyIndex + "]";
    }
}
