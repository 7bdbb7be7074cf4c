package io.harmony.events;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain SSE client for tests: collects (id, event, data) frames on a background thread until closed. */
public final class SseClient implements AutoCloseable {
    public record Frame(long id, String event, String data) {
    }

    public final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile java.io.InputStream body;

    public SseClient(String url, String lastEventId) {
        reader = new Thread(() -> read(url, lastEventId), "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(String url, String lastEventId) {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                req.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<java.io.InputStream> resp = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            body = resp.body();
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
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
        } catch (Exception e) {
            // closed by the test
        }
    }

    public List<String> events() {
        return frames.stream().map(Frame::event).toList();
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            if (body != null) {
                body.close(); // the raw stream, not the reader: the reader's lock is held by the blocked readLine
            }
        } catch (Exception ignored) {
        }
    }
}
