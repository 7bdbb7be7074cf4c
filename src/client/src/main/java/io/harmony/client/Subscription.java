package io.harmony.client;

/** A live, resumable event subscription; close() stops its thread. */
public interface Subscription extends AutoCloseable {
    /** The id of the last event delivered (or the one it was started after), -1 when none. */
    long lastEventId();

    /** True while the event stream is open. */
    boolean connected();

    @Override
    void close();
}
