package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.SseParser.SseFrame;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One subscription: a thread reads GET /events/subscribe and calls the listener in stream order. When the stream ends
 * or fails it reconnects with backoff and {@code Last-Event-ID}; ids are harmony.events offsets, so nothing is missed
 * or repeated, across a conductor restart too.
 */
final class EventStream implements Subscription {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");

    private final ConductorApi api;
    private final ClientThreads threads;
    private final String path;
    private final Backoff backoff;
    private final EventListener listener;
    private final Runnable onOpen;
    private final Thread thread;
    private volatile long lastEventId;
    private volatile boolean connected;
    private volatile boolean closed;
    /** The open stream, closed by close(): JDK 17's response stream ignores interrupts, but closing wakes its reader. */
    private volatile Stream<String> open;

    /** {@code onOpen} runs on the stream's thread each time a stream opened, before its first event is read. */
    EventStream(ConductorApi api, ClientThreads threads, List<String> patterns, Long after, Backoff backoff,
                EventListener listener, Runnable onOpen) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("subscribe needs at least one event_type pattern");
        }
        this.api = api;
        this.threads = threads;
        this.path = "/events/subscribe?event_type=" + ConductorApi.encode(String.join(",", patterns));
        this.backoff = backoff;
        this.listener = listener;
        this.onOpen = onOpen;
        this.lastEventId = after == null ? -1 : after;
        this.thread = threads.start("events", this::run, this::abort);
    }

    @Override
    public long lastEventId() {
        return lastEventId;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        abort();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wakes the thread wherever it waits: an interrupt for the sleep and the connect, a close for the read. */
    private void abort() {
        Thread reader = thread;   // null when close() races the constructor; ClientThreads interrupts it then
        if (reader != null) {
            reader.interrupt();
        }
        Stream<String> lines = open;
        if (lines != null) {
            lines.close();   // closes the response's InputStream directly, not through the reader's lock
        }
    }

    private void run() {
        while (!closed && !threads.closed()) {
            Exception failure = null;
            try {
                stream();
                LOG.log(Level.DEBUG, "event stream {0} ended; reconnecting after {1}", path, lastEventId);
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                failure = e;
                if (!closed && !threads.closed()) {
                    LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "event stream {0} failed: {1}", path, e.toString());
                }
            }
            connected = false;
            try {
                backoff.pauseAfter(failure);   // also after a clean end: a stream that closes at once must not become a tight loop
            } catch (InterruptedException e) {
                break;
            }
        }
        connected = false;
    }

    private void stream() throws IOException, InterruptedException {
        // No request timeout: it would also bound the wait for headers, which may only come with the first event.
        HttpRequest.Builder request = api.request(path).header("Accept", "text/event-stream");
        long resumeAfter = lastEventId;
        if (resumeAfter >= 0) {
            request.header("Last-Event-ID", Long.toString(resumeAfter));
        }
        HttpResponse<Stream<String>> response = api.http().send(request.build(), BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            open = lines;
            if (closed || threads.closed()) {
                return;   // close() ran before the stream was published, so it could not close it
            }
            if (response.statusCode() != 200) {
                byte[] body = String.join("\n", lines.toList()).getBytes(StandardCharsets.UTF_8);
                throw ConductorApi.failure(new ConductorApi.Reply(response.statusCode(), ConductorApi.parse(body),
                        ConductorApi.retryAfter(response.headers())));
            }
            connected = true;
            backoff.reset();
            if (onOpen != null) {
                onOpen.run();
            }
            SseParser parser = new SseParser();
            for (Iterator<String> it = lines.iterator(); !closed && it.hasNext(); ) {
                SseFrame frame = parser.accept(it.next());
                if (frame != null) {
                    deliver(frame);
                }
            }
        } finally {
            open = null;
        }
    }

    private void deliver(SseFrame frame) {
        long id = lastEventId;
        try {
            id = frame.id() == null ? id : Long.parseLong(frame.id().trim());
        } catch (NumberFormatException e) {
            LOG.log(Level.DEBUG, "event id {0} is not a number; keeping {1}", frame.id(), id);
        }
        JsonNode envelope = ConductorApi.parse(frame.data().getBytes(StandardCharsets.UTF_8));
        String type = frame.event() != null ? frame.event() : ConductorApi.text(envelope, "event");
        Event event = new Event(id, type, ConductorApi.text(envelope, "event_id"), ConductorApi.text(envelope, "from"),
                ConductorApi.instant(envelope, "timestamp"), envelope.path("data"));
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {   // one bad event must not stop the stream for every later one
            LOG.log(Level.WARNING, "event listener failed on " + type + " #" + id, e);
        }
        lastEventId = id;
    }
}
