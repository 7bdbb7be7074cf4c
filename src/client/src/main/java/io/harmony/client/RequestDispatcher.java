package io.harmony.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/** Runs the handler for each request routed to this instance on the worker pool; both transports deliver here. */
final class RequestDispatcher {
    private static final System.Logger LOG = System.getLogger("io.harmony.client");

    private final Map<String, RequestHandler> handlers;
    private final ExecutorService workers;

    RequestDispatcher(Map<String, RequestHandler> handlers, ExecutorService workers) {
        this.handlers = handlers;
        this.workers = workers;
    }

    /** Answers on a worker, then hands the response to {@code reply}. */
    void dispatch(IncomingRequest request, Consumer<JsonNode> reply) {
        try {
            workers.execute(() -> reply.accept(answer(request)));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "closing: request {0} not answered", request.requestId());
        }
    }

    JsonNode answer(IncomingRequest request) {
        RequestHandler handler = handlers.get(request.requestType());
        if (handler == null) {
            return error("unknown request_type " + request.requestType());
        }
        try {
            return ConductorApi.tree(handler.handle(request));
        } catch (Exception e) {   // the caller waits for an answer either way: tell it what went wrong
            LOG.log(Level.WARNING, "request handler " + request.requestType() + " failed", e);
            return error(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** The fields both request shapes share (HTTP receive and harmony.requests). */
    static IncomingRequest parse(JsonNode node) {
        return new IncomingRequest(ConductorApi.text(node, "request_id"), ConductorApi.text(node, "from"),
                ConductorApi.text(node, "request_type"), node.path("payload"), ConductorApi.instant(node, "deadline"));
    }

    private static JsonNode error(String message) {
        ObjectNode body = ConductorApi.JSON.createObjectNode();
        body.put("error", message);
        return body;
    }
}
