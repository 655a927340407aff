package dev.suite.consensus.kv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The replicated key-value state: a pure, deterministic class that knows nothing of Raft or HTTP.
 * Every replica applies the same commands with the same log indexes and ends in the same state.
 *
 * <p>Deleted keys leave a tombstone (key -> index of the delete) so that a blocking query on a
 * prefix wakes up when a key under it disappears, as Consul's does. A tombstone goes away when
 * its key is written again.
 */
public final class KvStore implements KvView {

    private static final int SNAPSHOT_FORMAT = 1;

    private final NavigableMap<String, KvEntry> entries = new TreeMap<>();
    private final NavigableMap<String, Long> tombstones = new TreeMap<>();
    private long index;

    /** Applies one committed command at the given log index; answers as Consul's PUT/DELETE do. */
    public synchronized boolean apply(long logIndex, KvCommand command) {
        if (command instanceof KvCommand.Put put) {
            return put(logIndex, put);
        }
        return delete(logIndex, (KvCommand.Delete) command);
    }

    private boolean put(long logIndex, KvCommand.Put put) {
        KvEntry existing = entries.get(put.key());
        if (put.cas() != null) {
            long current = existing == null ? 0 : existing.modifyIndex();
            if (current != put.cas()) {
                return false;
            }
        }
        long createIndex = existing == null ? logIndex : existing.createIndex();
        entries.put(put.key(), new KvEntry(put.key(), put.value(), put.flags(), createIndex, logIndex));
        tombstones.remove(put.key());
        index = logIndex;
        return true;
    }

    private boolean delete(long logIndex, KvCommand.Delete delete) {
        if (delete.recurse()) {
            List<String> doomed = new ArrayList<>(withPrefix(entries, delete.key()).keySet());
            doomed.forEach(key -> bury(key, logIndex));
            if (!doomed.isEmpty()) {
                index = logIndex;
            }
            return true;
        }
        KvEntry existing = entries.get(delete.key());
        if (delete.cas() != null && (existing == null || existing.modifyIndex() != delete.cas())) {
            // Consul: a CAS delete of a missing key succeeds (nothing to do), a stale index fails.
            return existing == null;
        }
        if (existing != null) {
            bury(delete.key(), logIndex);
            index = logIndex;
        }
        return true;
    }

    private void bury(String key, long logIndex) {
        entries.remove(key);
        tombstones.put(key, logIndex);
    }

    @Override
    public synchronized Optional<KvEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized List<KvEntry> list(String prefix) {
        return new ArrayList<>(withPrefix(entries, prefix).values());
    }

    /**
     * Keys under a prefix; with a separator, keys are cut after the first separator that follows
     * the prefix, and duplicates collapse (Consul's {@code ?keys&separator=}).
     */
    @Override
    public synchronized List<String> keys(String prefix, String separator) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String key : withPrefix(entries, prefix).keySet()) {
            if (separator != null && !separator.isEmpty()) {
                int cut = key.indexOf(separator, prefix.length());
                keys.add(cut < 0 ? key : key.substring(0, cut + separator.length()));
            } else {
                keys.add(key);
            }
        }
        return new ArrayList<>(keys);
    }

    /**
     * Log index of the last change to a key under the prefix (writes and deletes), 0 if none; for the
     * empty prefix, the store-wide index.
     */
    @Override
    public synchronized long index(String prefix) {
        if (prefix.isEmpty()) {
            // Every put and every effective delete moves the store-wide index: no scan needed.
            return index;
        }
        long max = 0;
        for (KvEntry entry : withPrefix(entries, prefix).values()) {
            max = Math.max(max, entry.modifyIndex());
        }
        for (long deleted : withPrefix(tombstones, prefix).values()) {
            max = Math.max(max, deleted);
        }
        return max;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void writeSnapshot(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(SNAPSHOT_FORMAT);
        out.writeLong(index);
        out.writeInt(entries.size());
        for (KvEntry entry : entries.values()) {
            writeString(out, entry.key());
            out.writeInt(entry.value().length);
            out.write(entry.value());
            out.writeLong(entry.flags());
            out.writeLong(entry.createIndex());
            out.writeLong(entry.modifyIndex());
        }
        out.writeInt(tombstones.size());
        for (Map.Entry<String, Long> tombstone : tombstones.entrySet()) {
            writeString(out, tombstone.getKey());
            out.writeLong(tombstone.getValue());
        }
        out.flush();
    }

    /** Replaces the whole state with a snapshot written by {@link #writeSnapshot}. */
    public synchronized void restore(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int format = in.readInt();
        if (format != SNAPSHOT_FORMAT) {
            throw new IOException("unknown snapshot format " + format);
        }
        NavigableMap<String, KvEntry> restored = new TreeMap<>();
        NavigableMap<String, Long> restoredTombstones = new TreeMap<>();
        long restoredIndex = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String key = readString(in);
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            restored.put(key, new KvEntry(key, value, in.readLong(), in.readLong(), in.readLong()));
        }
        int tombstoneCount = in.readInt();
        for (int i = 0; i < tombstoneCount; i++) {
            restoredTombstones.put(readString(in), in.readLong());
        }
        entries.clear();
        entries.putAll(restored);
        tombstones.clear();
        tombstones.putAll(restoredTombstones);
        index = restoredIndex;
    }

    public synchronized void clear() {
        entries.clear();
        tombstones.clear();
        index = 0;
    }

    private static <V> NavigableMap<String, V> withPrefix(NavigableMap<String, V> map, String prefix) {
        if (prefix.isEmpty()) {
            return map;
        }
        // Every key with the prefix sorts before prefix + U+FFFF.
        return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
