package io.harmony.alerting.channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.harmony.alerting.AlertNotice;
import io.harmony.json.Json;

/** A channel that POSTs one JSON document per notice to a configured URL; any 2xx is success. */
abstract class HttpJsonChannel implements Channel {

    /** Per request: a receiver that hangs must not hold a delivery (and its retries) forever. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Optional<URI> url;
    /** Built on the first delivery (see {@link Channels}). */
    private final Supplier<HttpClient> client;
    /** The JSON document to send for a notice (a record, written with the shared mapper). */
    private final Function<AlertNotice, Object> body;

    HttpJsonChannel(String name, Optional<String> url, Supplier<HttpClient> client, Function<AlertNotice, Object> body) {
        this.name = name;
        // A malformed URL fails startup with the key's name rather than every delivery later.
        this.url = url.map(String::strip).filter(u -> !u.isEmpty()).map(u -> parseUrl(u, configKey()));
        this.client = client;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean configured() {
        return url.isPresent();
    }

    @Override
    public String configKey() {
        return "harmony.alerts." + name() + ".url";
    }

    @Override
    public CompletionStage<Void> deliver(AlertNotice notice) {
        if (url.isEmpty()) {
            return CompletableFuture.failedFuture(new DeliveryFailedException(name() + ": " + configKey() + " is not set"));
        }
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body.apply(notice));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new DeliveryFailedException(name() + ": cannot write the notice", e));
        }
        HttpRequest request = HttpRequest.newBuilder(url.get())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return client.get().sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailedException(name() + " answered HTTP " + response.statusCode());
            }
            return null;
        });
    }

    private static URI parseUrl(String url, String key) {
        try {
            URI uri = URI.create(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be an http(s) URL, got \"" + url + "\"", e);
        }
    }
}
