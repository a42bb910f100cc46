package dev.plinth.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys of the latest commands this agent carried out, oldest forgotten first. A key
 * seen again means a retry of the same intent.
 */
final class ProcessedCommands {

    private final Map<String, Boolean> keys;

    ProcessedCommands(int capacity) {
        this.keys = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true when the key is new (and now remembered), false for a repeat */
    synchronized boolean firstTime(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }

    synchronized int size() {
        return keys.size();
    }
}
