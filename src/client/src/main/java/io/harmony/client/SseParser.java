package io.harmony.client;

/**
 * Turns the lines of a text/event-stream into frames, as the HTML spec's EventSource does: {@code field:value} with
 * one optional space after the colon, {@code data} lines joined by newlines, {@code :comment} lines (the conductor's
 * keep-alives) ignored, a blank line dispatching. Not thread-safe: one per stream.
 */
final class SseParser {
    /** One dispatched event; {@code id} is the last id seen on the stream (the spec's "last event ID"), may be null. */
    record SseFrame(String id, String event, String data) {}

    private final StringBuilder data = new StringBuilder();
    private String event;
    private String id;
    private boolean hasData;

    /** Feeds one line (without its terminator); returns a frame when the line was the blank one ending it. */
    SseFrame accept(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {   // the spec ignores ids containing NUL
                    id = value;
                }
            }
            default -> { }   // retry and unknown fields: reconnect timing is the Backoff's job
        }
        return null;
    }

    private SseFrame dispatch() {
        // A frame without data is not an event (the spec drops it); its event type does not leak into the next.
        SseFrame frame = hasData ? new SseFrame(id, event, data.toString()) : null;
        data.setLength(0);
        hasData = false;
        event = null;
        return frame;
    }
}
