package dev.suite.consensus.kv;

/** Which keys and values the store accepts; checked before anything is replicated. */
public final class KeyRules {

    /** Consul's limit for one value. */
    public static final int MAX_VALUE_BYTES = 512 * 1024;

    private KeyRules() {
    }

    /** @return why the key is refused, or null when it is fine */
    public static String problemWith(String key) {
        if (key.contains("..")) {
            return "key must not contain '..'";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "key must not contain control characters (found U+%04X at %d)".formatted((int) c, i);
            }
        }
        return null;
    }
}
