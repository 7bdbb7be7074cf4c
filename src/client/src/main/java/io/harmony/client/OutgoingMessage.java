package io.harmony.client;

/** One message of a batch send; {@code from} is always this client's component name. */
public record OutgoingMessage(String to, String messageType, Object payload) {}
