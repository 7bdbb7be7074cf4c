package io.harmony.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain SSE client for tests: opens the stream, then collects (id, event, data) frames on a background thread until
 * closed. Nothing is swallowed: the constructor fails unless the answer is a 200 {@code text/event-stream} (the
 * conductor sends its headers at once), and a stream that breaks or that the server ends before {@link #close()}
 * fails the next {@link #frames()} or {@link #events()} and {@link #close()} itself, so a test never waits out its
 * timeout on a dead stream believing no event came.
 */
public final class SseClient implements AutoCloseable {
    public record Frame(long id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How long the server may take to answer the subscription's headers. */
    private static final Duration HEADERS = Duration.ofSeconds(10);

    private final String url;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final int status;
    private final InputStream body;
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean closed;

    public SseClient(String url, String lastEventId) {
        this.url = url;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
            response = HTTP.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(HEADERS.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while subscribing to " + url, e);
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " gave no answer within " + HEADERS.toSeconds() + " s", e);
        }
        status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status != 200 || !contentType.startsWith("text/event-stream")) {
            throw new AssertionError("GET " + url + " answered HTTP " + status + " (" + contentType + "), not a 200 event stream: "
                    + readSome(response.body()));
        }
        body = response.body();
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** The subscription's HTTP status: always 200, as the constructor refuses anything else. */
    public int status() {
        return status;
    }

    /** The frames received so far, in order; fails if the stream broke. */
    public List<Frame> frames() {
        check();
        return frames;
    }

    /** The event names received so far, in order; fails if the stream broke. */
    public List<String> events() {
        return frames().stream().map(Frame::event).toList();
    }

    private void check() {
        Throwable f = failure;
        if (f != null) {
            throw new AssertionError("the event stream " + url + " failed after " + frames.size() + " frames", f);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = -1;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null) {
                        frames.add(new Frame(id, event, data.toString()));
                    }
                    id = -1;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
            if (!closed) {
                failure = new IllegalStateException("the server ended the stream");
            }
        } catch (Exception e) {
            if (!closed) { // an error after close() is the close itself
                failure = e;
            }
        }
    }

    private static String readSome(InputStream in) {
        try (in) {
            return new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<body unreadable: " + e + ">";
        }
    }

    /** Ends the stream; fails if it had broken before, so a test that never looked again still sees it. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            body.close(); // the raw stream, not the reader: the reader's lock is held by the blocked readLine
        } catch (IOException ignored) {
            // closing a stream that is already broken: the failure, if any, was recorded by the reader
        }
        check();
    }
}
