package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** Receives this instance's requests by long-polling GET /requests/receive and replies with POST /requests/{id}/reply. */
final class HttpRequestTransport extends RequestTransport {
    private static final int WAIT_SECONDS = 20;

    /** Body of POST /requests/{id}/reply. */
    record RequestReply(JsonNode response) {}

    private final ConductorApi api;

    HttpRequestTransport(ConductorApi api, ClientThreads threads, Lease lease, RequestDispatcher dispatcher, Backoff backoff) {
        super(threads, lease, dispatcher, backoff);
        this.api = api;
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
                    backoff.pauseAfter(e);
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
