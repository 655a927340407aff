package dev.suite.consensus.kv;

import java.util.List;
import java.util.Optional;

/** Read access to this replica's key-value state. */
public interface KvView {

    Optional<KvEntry> get(String key);

    List<KvEntry> list(String prefix);

    List<String> keys(String prefix, String separator);

    /** Log index of the last change to a key under the prefix (the exact key for single reads). */
    long index(String prefix);
}
