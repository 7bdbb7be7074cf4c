package io.harmony.client;

/** Answers one request type routed to this instance; the return value becomes the JSON {@code response}. */
@FunctionalInterface
public interface RequestHandler {
    Object handle(IncomingRequest request) throws Exception;
}
