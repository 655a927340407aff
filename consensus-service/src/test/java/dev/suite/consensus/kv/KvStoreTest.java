package dev.suite.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class KvStoreTest {

    private final KvStore store = new KvStore();

    private static KvCommand put(String key, String value) {
        return new KvCommand.Put(key, value.getBytes(StandardCharsets.UTF_8), 0, null);
    }

    private static KvCommand cas(String key, String value, long cas) {
        return new KvCommand.Put(key, value.getBytes(StandardCharsets.UTF_8), 0, cas);
    }

    private String value(String key) {
        return store.get(key).map(e -> new String(e.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void putRecordsTheLogIndexAsCreateAndModifyIndex() {
        assertThat(store.apply(5, put("a", "1"))).isTrue();
        assertThat(store.apply(9, put("a", "2"))).isTrue();

        KvEntry entry = store.get("a").orElseThrow();
        assertThat(entry.createIndex()).isEqualTo(5);
        assertThat(entry.modifyIndex()).isEqualTo(9);
        assertThat(value("a")).isEqualTo("2");
        assertThat(store.index("")).isEqualTo(9);
    }

    @Test
    void casZeroWritesOnlyWhenTheKeyIsMissing() {
        assertThat(store.apply(1, cas("a", "first", 0))).isTrue();
        assertThat(store.apply(2, cas("a", "second", 0))).isFalse();
        assertThat(value("a")).isEqualTo("first");
    }

    @Test
    void casWritesOnlyWhenModifyIndexMatches() {
        store.apply(3, put("a", "1"));
        assertThat(store.apply(4, cas("a", "stale", 2))).isFalse();
        assertThat(value("a")).isEqualTo("1");
        assertThat(store.index("")).as("a failed CAS changes nothing").isEqualTo(3);

        assertThat(store.apply(5, cas("a", "fresh", 3))).isTrue();
        assertThat(value("a")).isEqualTo("fresh");
    }

    @Test
    void deleteWithCasNeedsTheCurrentModifyIndex() {
        store.apply(1, put("a", "1"));
        assertThat(store.apply(2, new KvCommand.Delete("a", false, 7L))).isFalse();
        assertThat(value("a")).isEqualTo("1");
        assertThat(store.apply(3, new KvCommand.Delete("a", false, 1L))).isTrue();
        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void deleteTreeRemovesEveryKeyUnderThePrefixOnly() {
        store.apply(1, put("config/app/a", "1"));
        store.apply(2, put("config/app/b", "2"));
        store.apply(3, put("config/other", "3"));

        assertThat(store.apply(4, new KvCommand.Delete("config/app/", true, null))).isTrue();

        assertThat(store.list("config/")).extracting(KvEntry::key).containsExactly("config/other");
        assertThat(store.index("config/app/")).as("the delete moves the prefix's index").isEqualTo(4);
        assertThat(store.index("config/other")).isEqualTo(3);
    }

    @Test
    void keysWithSeparatorCollapseSubfolders() {
        store.apply(1, put("config/application/x", "1"));
        store.apply(2, put("config/application/y", "1"));
        store.apply(3, put("config/order-service/z", "1"));
        store.apply(4, put("config/top", "1"));

        assertThat(store.keys("config/", "/"))
                .containsExactly("config/application/", "config/order-service/", "config/top");
        assertThat(store.keys("config/", null)).hasSize(4);
    }

    @Test
    void prefixIndexIgnoresChangesElsewhere() {
        store.apply(1, put("config/application/x", "1"));
        store.apply(2, put("config/order-service/y", "1"));
        assertThat(store.index("config/application/")).isEqualTo(1);
        assertThat(store.index("")).isEqualTo(2);
        assertThat(store.index("missing/")).isZero();
    }

    @Test
    void snapshotRestoresEntriesIndexesAndTombstones() throws IOException {
        store.apply(1, put("a", "1"));
        store.apply(2, new KvCommand.Put("b", new byte[] {0, 1, 2}, 42, null));
        store.apply(3, put("c", "3"));
        store.apply(4, new KvCommand.Delete("c", false, null));
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        store.writeSnapshot(snapshot);

        KvStore restored = new KvStore();
        restored.apply(1, put("junk", "x"));
        restored.restore(new ByteArrayInputStream(snapshot.toByteArray()));

        assertThat(restored.list("")).containsExactlyElementsOf(store.list(""));
        assertThat(restored.get("b").orElseThrow().flags()).isEqualTo(42);
        assertThat(restored.index("")).isEqualTo(4);
        assertThat(restored.index("c")).as("the tombstone survives").isEqualTo(4);
        assertThat(restored.get("junk")).isEmpty();
    }

    @Test
    void replicasApplyingTheSameLogEndInTheSameState() throws IOException {
        KvCommand[] log = {put("a", "1"), cas("a", "2", 1), cas("a", "lost", 1), put("b", "x"),
                new KvCommand.Delete("a", false, 2L), put("a", "again")};
        KvStore other = new KvStore();
        for (int i = 0; i < log.length; i++) {
            // Through the wire format, as the log carries them.
            KvCommand decoded = KvCommand.fromBytes(log[i].toBytes());
            assertThat(store.apply(i + 1, log[i])).isEqualTo(other.apply(i + 1, decoded));
        }
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        store.writeSnapshot(mine);
        other.writeSnapshot(theirs);
        assertThat(mine.toByteArray()).isEqualTo(theirs.toByteArray());
        assertThat(value("a")).isEqualTo("again");
        assertThat(store.get("a").orElseThrow().createIndex()).isEqualTo(6);
    }
}
