package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.ConductorApi.Reply;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This instance's lease on the conductor: register (with backoff), then renew by a heartbeat every
 * {@code heartbeat_interval}, which also carries command results and brings back commands. Runs on one thread.
 */
final class Lease {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");
    /** Command ids remembered so a command handed out again is never run twice; bounded like any cache. */
    private static final int REMEMBERED_COMMANDS = 1_000;

    /** Body of POST /register. */
    record Registration(String component, String version, int port, List<String> capabilities, String healthCheckUrl,
                        String host, Map<String, String> metadata) {}

    /** Body of POST /heartbeat; metrics and command_results left out when there are none. */
    record Heartbeat(String componentId, String timestamp, String status, Map<String, ? extends Number> metrics,
                     List<CommandResult> commandResults) {}

    private final ConductorApi api;
    private final ClientThreads threads;
    private final Registration registration;
    private final Supplier<Map<String, ? extends Number>> metrics;
    private final Supplier<String> status;
    private final Map<String, CommandHandler> handlers;
    private final LeaseListener listener;
    private final int missedBeats;
    private final Backoff backoff;
    private final ExecutorService commandWorker;
    private final CountDownLatch registered = new CountDownLatch(1);

    private volatile String componentId;
    private volatile Duration interval;
    private volatile long lastAckNanos;   // System.nanoTime() of the last 2xx to a register or beat; 0 = none yet
    private volatile boolean atRisk;
    /** Command id → result; a null result means it is still running. Guarded by itself. */
    private final Map<String, CommandResult> handled = bounded();
    /** Results whose beat was acknowledged, in that order. Guarded by itself. */
    private final Map<String, CommandResult> reported = bounded();
    /** Results waiting for a beat's 200. */
    private final Map<String, CommandResult> toReport = new ConcurrentHashMap<>();

    Lease(ConductorApi api, ClientThreads threads, Registration registration, Supplier<Map<String, ? extends Number>> metrics,
          Supplier<String> status, Map<String, CommandHandler> handlers, LeaseListener listener, int missedBeats,
          Backoff backoff, ExecutorService commandWorker) {
        this.api = api;
        this.threads = threads;
        this.registration = registration;
        this.metrics = metrics;
        this.status = status;
        this.handlers = handlers;
        this.listener = listener;
        this.missedBeats = missedBeats;
        this.backoff = backoff;
        this.commandWorker = commandWorker;
    }

    String componentId() {
        return componentId;
    }

    Duration interval() {
        return interval;
    }

    boolean atRisk() {
        return atRisk;
    }

    boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return registered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocks until the first registration: the request path needs an id to ask for. */
    String awaitComponentId() throws InterruptedException {
        registered.await();
        return componentId;
    }

    List<CommandResult> reportedResults() {
        synchronized (reported) {
            return List.copyOf(reported.values());
        }
    }

    void run() {
        try {
            register();
            while (!threads.closed()) {
                // ±10 %: instances started together (a deployment) do not keep beating in lockstep.
                pause(Duration.ofNanos((long) (interval.toNanos() * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()))));
                renew();
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "lease of {0} stopped", registration.component());
        }
    }

    private void register() throws InterruptedException {
        backoff.reset();
        while (!threads.closed()) {
            Duration wait;
            try {
                Reply reply = api.send("POST", "/register", registration, ConductorApi.CALL_TIMEOUT);
                if (reply.ok()) {
                    registered(reply.body());
                    return;
                }
                HarmonyException refused = ConductorApi.failure(reply);
                if (reply.status() == 429 || reply.status() >= 500) {
                    LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "register {0}: {1} {2}; retrying",
                            registration.component(), reply.status(), refused.getMessage());
                    wait = backoff.after(refused);
                } else {
                    // Our request is wrong (bad name, port, token): retrying soon cannot help, giving up would hide it.
                    LOG.log(Level.ERROR, "register {0} refused with {1}: {2} (field {3}); check the client's configuration",
                            registration.component(), reply.status(), refused.getMessage(), refused.field());
                    wait = backoff.max();
                }
            } catch (HarmonyException e) {
                stopIfClosing();
                LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "register {0}: {1}; retrying",
                        registration.component(), e.getMessage());
                wait = backoff.next();
            }
            pause(wait);
        }
    }

    private void registered(JsonNode body) {
        double seconds = body.path("heartbeat_interval").asDouble(0);
        interval = Duration.ofNanos((long) ((seconds > 0 ? seconds : 5) * 1e9));
        String id = ConductorApi.text(body, "component_id");
        componentId = id;
        acknowledged();   // a registration counts as a beat (contract)
        registered.countDown();
        LOG.log(Level.INFO, "registered {0} as {1}; heartbeat every {2}", registration.component(), id, interval);
        tell(l -> l.registered(id));
    }

    /** One beat, retried with backoff until acknowledged; a 404 means the conductor forgot us: register again at once. */
    private void renew() throws InterruptedException {
        backoff.reset();
        while (!threads.closed()) {
            List<CommandResult> results = List.copyOf(toReport.values());
            HarmonyException failure;
            try {
                Duration timeout = Duration.ofNanos(Math.min(Math.max(interval.toNanos(), 1_000_000_000L), 10_000_000_000L));
                Reply reply = api.send("POST", "/heartbeat", heartbeat(results), timeout);
                if (reply.ok()) {
                    renewed(reply.body(), results);
                    return;
                }
                if (reply.status() == 404) {
                    LOG.log(Level.INFO, "conductor does not know {0}; registering again", componentId);
                    register();
                    return;
                }
                failure = ConductorApi.failure(reply);
            } catch (HarmonyException e) {
                stopIfClosing();
                failure = e;
            }
            if (failure instanceof AccessDeniedException) {
                // The token was revoked or is not this component's: say so loudly, and wait long, every time.
                LOG.log(Level.ERROR, "heartbeat of {0} refused with {1}: {2}; check the client''s token",
                        componentId, failure.status(), failure.getMessage());
            } else {
                LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "heartbeat of {0} failed: {1}", componentId,
                        failure.status() == 0 ? failure.getMessage() : failure.status() + " " + failure.getMessage());
            }
            pause(backoff.after(failure));
        }
    }

    private Heartbeat heartbeat(List<CommandResult> results) {
        Map<String, ? extends Number> values = null;
        String health = null;
        try {
            values = metrics == null ? null : metrics.get();
        } catch (RuntimeException e) {   // a broken gauge must not cost the lease: beat without metrics
            LOG.log(Level.WARNING, "metrics supplier failed; beating without metrics", e);
        }
        try {
            health = status.get();
        } catch (RuntimeException e) {   // status is optional on the wire; the conductor then counts the beat as healthy
            LOG.log(Level.WARNING, "status supplier failed; beating without status", e);
        }
        return new Heartbeat(componentId, Instant.now().toString(), health, values,
                results.isEmpty() ? null : results);
    }

    private void renewed(JsonNode ack, List<CommandResult> sent) {
        acknowledged();
        for (CommandResult result : sent) {
            toReport.remove(result.commandId(), result);
        }
        synchronized (reported) {
            sent.forEach(r -> reported.putIfAbsent(r.commandId(), r));
        }
        for (JsonNode c : ack.path("commands")) {
            dispatch(new Command(ConductorApi.text(c, "command_id"), ConductorApi.text(c, "command"), c.path("args"),
                    ConductorApi.instant(c, "issued_at")));
        }
    }

    private void dispatch(Command command) {
        synchronized (handled) {
            if (handled.containsKey(command.commandId())) {
                CommandResult result = handled.get(command.commandId());
                if (result != null) {   // handed out again: our report did not arrive, so report it again, never rerun
                    toReport.putIfAbsent(result.commandId(), result);
                }
                return;
            }
            handled.put(command.commandId(), null);
        }
        try {
            commandWorker.execute(() -> execute(command));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "closing: command {0} not run", command.commandId());
        }
    }

    private void execute(Command command) {
        CommandHandler handler = handlers.get(command.command());
        CommandResult result;
        if (handler == null) {
            result = new CommandResult(command.commandId(), "failed", "no handler");
        } else {
            try {
                result = new CommandResult(command.commandId(), "done", handler.handle(command));
            } catch (Exception e) {
                LOG.log(Level.WARNING, "command " + command.command() + " " + command.commandId() + " failed", e);
                result = new CommandResult(command.commandId(), "failed", e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        synchronized (handled) {
            handled.put(command.commandId(), result);
        }
        toReport.put(command.commandId(), result);
    }

    private void acknowledged() {
        long now = System.nanoTime();
        long since = now - lastAckNanos;
        lastAckNanos = now;
        if (atRisk) {
            atRisk = false;
            LOG.log(Level.INFO, "lease of {0} is back after {1}", componentId, Duration.ofNanos(since));
            tell(l -> l.leaseBack(Duration.ofNanos(since)));
        }
    }

    /** Sleeps, waking on time to report the lease at risk when no ack came for missedBeats × interval. */
    private void pause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        for (long now = System.nanoTime(); ; now = System.nanoTime()) {
            long last = lastAckNanos;
            long riskAt = last == 0 ? end : last + interval.toNanos() * missedBeats;   // no lease yet: nothing at risk
            if (!atRisk && last != 0 && now - riskAt >= 0) {
                atRisk = true;
                Duration silent = Duration.ofNanos(now - last);
                LOG.log(Level.WARNING, "lease of {0} at risk: no acknowledgement for {1}", componentId, silent);
                tell(l -> l.leaseAtRisk(silent));
            }
            if (now - end >= 0) {
                return;
            }
            long wake = atRisk || last == 0 ? end : Math.min(end, riskAt);
            TimeUnit.NANOSECONDS.sleep(Math.max(wake - now, 1_000_000));
        }
    }

    /** A call cut short by close() is not a failure worth a warning. */
    private void stopIfClosing() throws InterruptedException {
        if (threads.closed()) {
            throw new InterruptedException("closing");
        }
    }

    private void tell(Consumer<LeaseListener> event) {
        if (listener == null) {
            return;
        }
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "lease listener failed", e);
        }
    }

    private static Map<String, CommandResult> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CommandResult> eldest) {
                return size() > REMEMBERED_COMMANDS;
            }
        };
    }
}
