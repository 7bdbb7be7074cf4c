package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.ConductorApi.Reply;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The conductor's shared state (Redis keys under {@code echo:}, named without the prefix): read, write, CAS, watch. */
public final class SharedState {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");

    /** Body of PUT /state/{key}. */
    record Write(JsonNode value) {}

    private final ConductorApi api;
    private final ClientThreads threads;
    private final Supplier<Backoff> backoffs;

    SharedState(ConductorApi api, ClientThreads threads, Supplier<Backoff> backoffs) {
        this.api = api;
        this.threads = threads;
        this.backoffs = backoffs;
    }

    /** The entry, or empty when the key does not exist. */
    public Optional<StateEntry> get(String key) {
        Reply reply = api.send("GET", path(key), null, ConductorApi.CALL_TIMEOUT);
        return reply.status() == 404 ? Optional.empty() : Optional.of(entry(ConductorApi.ok(reply)));
    }

    public StateEntry put(String key, Object value) {
        return write(key, value, null);
    }

    /** Writes only if the key is still at {@code expectedVersion}; else throws StateConflictException. */
    public StateEntry compareAndSet(String key, Object value, String expectedVersion) {
        return write(key, value, Objects.requireNonNull(expectedVersion, "expectedVersion"));
    }

    /** False when the key was absent. */
    public boolean delete(String key) {
        return delete(key, null);
    }

    /** Deletes only if the key is still at {@code expectedVersion}; false when absent, StateConflictException when changed. */
    public boolean delete(String key, String expectedVersion) {
        Reply reply = api.send("DELETE", path(key), null, ConductorApi.CALL_TIMEOUT, expectedVersion);
        if (reply.status() == 404) {
            return false;
        }
        if (reply.status() == 409) {
            throw new StateConflictException(key + " is no longer at version " + expectedVersion);
        }
        ConductorApi.ok(reply);
        return true;
    }

    /** The keys starting with {@code prefix} ("" = all), sorted. */
    public List<String> keys(String prefix) {
        JsonNode body = api.call("GET", "/state?prefix=" + ConductorApi.encode(prefix == null ? "" : prefix), null);
        List<String> keys = new ArrayList<>();
        body.path("keys").forEach(k -> keys.add(k.asText()));
        keys.sort(null);
        return List.copyOf(keys);
    }

    /**
     * Calls {@code listener.changed} for every key under the prefix ("" = all), then for each change as the event
     * stream brings it. The listing runs once the stream is open, so a change made meanwhile is not lost (at worst seen
     * twice); after a reconnect Last-Event-ID covers the gap, so the listing is not repeated.
     */
    public Subscription watch(String keyPrefix, StateListener listener) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        AtomicBoolean listed = new AtomicBoolean();
        Runnable listing = () -> {
            if (listed.get()) {
                return;
            }
            for (String key : keys(prefix)) {   // a failure here drops the stream; the retry lists again
                get(key).ifPresent(e -> tell(() -> listener.changed(e.key(), e.value(), e.version())));
            }
            listed.set(true);
        };
        EventListener changes = event -> {
            String key = ConductorApi.text(event.data(), "key");
            if (key == null || !key.startsWith(prefix)) {
                return;
            }
            if ("state-deleted".equals(event.type())) {
                listener.deleted(key);
            } else if ("state-changed".equals(event.type())) {
                listener.changed(key, event.data().path("value"), ConductorApi.text(event.data(), "version"));
            }
        };
        return new EventStream(api, threads, List.of("state-*"), null, backoffs.get(), changes, listing);
    }

    private StateEntry write(String key, Object value, String expectedVersion) {
        Reply reply = api.send("PUT", path(key), new Write(ConductorApi.tree(value)), ConductorApi.CALL_TIMEOUT, expectedVersion);
        if (reply.status() == 409) {
            throw new StateConflictException(key + " is no longer at version " + expectedVersion);
        }
        return entry(ConductorApi.ok(reply));
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {   // like a throwing event listener: logged, the watch goes on
            LOG.log(Level.WARNING, "state listener failed", e);
        }
    }

    private static String path(String key) {
        return "/state/" + ConductorApi.encode(Objects.requireNonNull(key, "key"));
    }

    private static StateEntry entry(JsonNode body) {
        return new StateEntry(ConductorApi.text(body, "key"), body.path("value"), ConductorApi.text(body, "version"));
    }
}
