package dev.suite.registry.catalog;

/**
 * Told when checks come and go, so whoever runs probes and TTL timers can follow without scanning the
 * catalog. Called after the catalog's lock is released.
 */
public interface CheckLifecycleListener {

    void checkAdded(CheckDefinition check);

    void checkRemoved(CheckDefinition check);

    /** A TTL check was passed, warned or failed through the API: its expiry timer starts again. */
    void ttlReported(CheckDefinition check);
}
