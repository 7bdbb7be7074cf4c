package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** Receives this instance's requests by long-polling GET /requests/receive and replies with POST /requests/{id}/reply. */
final class HttpRequestTransport implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");
    private static final int WAIT_SECONDS = 20;

    /** Body of POST /requests/{id}/reply. */
    record RequestReply(JsonNode response) {}

    private final ConductorApi api;
    private final ClientThreads threads;
    private final Lease lease;
    private final RequestDispatcher dispatcher;
    private final Backoff backoff;

    HttpRequestTransport(ConductorApi api, ClientThreads threads, Lease lease, RequestDispatcher dispatcher, Backoff backoff) {
        this.api = api;
        this.threads = threads;
        this.lease = lease;
        this.dispatcher = dispatcher;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        try {
            while (!threads.closed()) {
                // Asked by instance id, so only requests routed to this instance come back; re-read after a re-register.
                String id = lease.awaitComponentId();
                try {
                    JsonNode body = ConductorApi.ok(api.send("GET", "/requests/receive?component=" + ConductorApi.encode(id)
                            + "&wait_seconds=" + WAIT_SECONDS, null, Duration.ofSeconds(WAIT_SECONDS + 10)));
                    backoff.reset();
                    for (JsonNode request : body.path("requests")) {
                        IncomingRequest incoming = RequestDispatcher.parse(request);
                        dispatcher.dispatch(incoming, response -> reply(incoming, response));
                    }
                } catch (HarmonyException e) {
                    if (!threads.closed()) {
                        LOG.log(backoff.fresh() ? Level.WARNING : Level.DEBUG, "receiving requests failed: {0}", e.getMessage());
                    }
                    backoff.pause();
                }
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "request loop stopped");
        }
    }

    private void reply(IncomingRequest request, JsonNode response) {
        try {
            var reply = api.send("POST", "/requests/" + ConductorApi.encode(request.requestId()) + "/reply",
                    new RequestReply(response), ConductorApi.CALL_TIMEOUT);
            if (!reply.ok() && reply.status() != 404) {   // 404: the caller gave up already, nobody to tell
                LOG.log(Level.WARNING, "reply to {0} refused: {1}", request.requestId(), ConductorApi.failure(reply).getMessage());
            }
        } catch (HarmonyException e) {
            LOG.log(Level.WARNING, "reply to {0} failed: {1}", request.requestId(), e.getMessage());
        }
    }
}
