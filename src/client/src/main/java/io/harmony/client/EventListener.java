package io.harmony.client;

/** Receives the events of one subscription, in stream order, on that subscription's thread. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
