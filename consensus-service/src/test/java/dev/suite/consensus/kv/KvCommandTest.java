package dev.suite.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class KvCommandTest {

    @Test
    void aBatchDecodesToItsCommandsInOrder() {
        KvCommand.Put put = new KvCommand.Put("config/a", "1".getBytes(StandardCharsets.UTF_8), 7, 3L);
        KvCommand.Delete delete = new KvCommand.Delete("config/", true, null);

        List<KvCommand> decoded = KvCommand.listFromBytes(KvCommand.toBytes(List.of(put, delete, put)));

        assertThat(decoded).hasSize(3);
        assertThat(decoded.get(0)).isInstanceOfSatisfying(KvCommand.Put.class, p -> {
            assertThat(p.key()).isEqualTo("config/a");
            assertThat(p.value()).asString(StandardCharsets.UTF_8).isEqualTo("1");
            assertThat(p.flags()).isEqualTo(7);
            assertThat(p.cas()).isEqualTo(3L);
        });
        assertThat(decoded.get(1)).isEqualTo(delete);
        assertThat(decoded.get(2)).isInstanceOf(KvCommand.Put.class);
    }

    @Test
    void anEntryWrittenBeforeBatchingStillDecodes() {
        KvCommand.Delete single = new KvCommand.Delete("config/b", false, 5L);

        assertThat(KvCommand.listFromBytes(single.toBytes())).containsExactly(single);
    }
}
