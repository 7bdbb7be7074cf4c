package io.harmony.client;

/** Consumes messages from this component's queue, one at a time and in send order. */
@FunctionalInterface
public interface MessageHandler {
    void handle(Message message) throws Exception;
}
