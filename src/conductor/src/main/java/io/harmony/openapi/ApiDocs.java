package io.harmony.openapi;

/**
 * The shared pieces of the OpenAPI document (/q/openapi): the names of the reusable error responses (declared once,
 * with the error record ApiError, in io.harmony.api's package-info), the domain tags, and the example bodies the
 * resources' annotations show: the shapes of the README's "API by example" and of CONTRACT.md. Resources refer to them
 * by name, so no annotation block repeats an error response or a body. A leaf package, so that every resource package
 * may use it without an import cycle. Documentation only: nothing here is read at run time.
 */
public final class ApiDocs {
    private ApiDocs() {
    }

    // Reusable error responses (#/components/responses/...): the one error body, ApiError, with an example.
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String UNKNOWN_COMPONENT = "UnknownComponent";
    public static final String UNKNOWN_TARGET = "UnknownTarget";
    public static final String UNKNOWN_REQUEST = "UnknownRequest";
    public static final String UNKNOWN_STATE_KEY = "UnknownStateKey";
    public static final String UNKNOWN_ALERT = "UnknownAlert";
    public static final String UNKNOWN_TOKEN = "UnknownToken";
    public static final String UNKNOWN_ACCESS_RULE = "UnknownAccessRule";
    public static final String STATE_CONFLICT = "StateConflict";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String NO_HEALTHY_INSTANCE = "NoHealthyInstance";
    public static final String REQUEST_TIMEOUT = "RequestTimeout";

    // Tags, one per domain.
    public static final String REGISTRY = "Registry";
    public static final String HEALTH = "Dashboard and health";
    public static final String MESSAGING = "Messaging";
    public static final String EVENTS = "Events";
    public static final String STATE = "Shared state";
    public static final String METRICS = "Metrics";
    public static final String ALERTING = "Alerting";
    public static final String SECURITY = "Security";

    // Error bodies ({"error", "field"}), as the conductor answers them.
    public static final String E400 = "{\"error\":\"port must be less than or equal to 65535\",\"field\":\"port\"}";
    public static final String E401 = "{\"error\":\"a bearer token is required: Authorization: Bearer "
            + "<token>\",\"field\":\"authorization\"}";
    public static final String E403_IDENTITY = "{\"error\":\"this token acts for sherlock-hub; it cannot act as "
            + "echo-git-sync\",\"field\":\"from\"}";
    public static final String E403_ADMIN = "{\"error\":\"issuing tokens needs the admin token; this token acts for "
            + "sherlock-hub\",\"field\":\"authorization\"}";
    public static final String E403_ACCESS = "{\"error\":\"no access-control rule lets sherlock-hub write to "
            + "global-nexus (a queue send needs write; sherlock-hub may read and write to echo-git-sync, global-cortex)\",\"field\":\"to\"}";
    public static final String E404_COMPONENT = "{\"error\":\"x-001 is not registered; register again\",\"field\":\"component_id\"}";
    public static final String E404_TARGET = "{\"error\":\"echo-git-sync has never registered\",\"field\":\"to\"}";
    public static final String E404_REQUEST = "{\"error\":\"request 0c5e0a8e-3d6f-4a59-9b0e-8f1d2c3b4a59 is unknown, "
            + "already answered or expired\",\"field\":\"request_id\"}";
    public static final String E404_STATE = "{\"error\":\"no state under key global:state\",\"field\":\"key\"}";
    public static final String E404_ALERT = "{\"error\":\"no alert rule named high-error-rate\",\"field\":\"alert_name\"}";
    public static final String E404_TOKEN = "{\"error\":\"no such token: unknown or already revoked (GET /tokens lists the live "
            + "ones)\",\"field\":\"token_id\"}";
    public static final String E404_ACCESS = "{\"error\":\"no access-control rule names sherlock-hub\",\"field\":\"from\"}";
    public static final String E409_STATE = "{\"error\":\"state under key global:state is no longer at version "
            + "648eb0c0a3c6f5d1e2b7a9c4d8e1f0a2b3c4d5e6\",\"field\":\"If-Match\"}";
    public static final String E413 = "{\"error\":\"request body is larger than 1048576 bytes\"}";
    public static final String E429_WRITES = "{\"error\":\"too many writes: the limit is 20000 per second "
            + "(bursts of 40000); retry after 1 s\"}";
    public static final String E429_QUEUE = "{\"error\":\"the queue of echo-git-sync is full (100000 of at most "
            + "100000 messages); nothing was sent, retry once it is received\",\"field\":\"to\"}";
    public static final String E429_STREAMS = "{\"error\":\"too many open event streams: at most 64 per token "
            + "on this replica; close one first\"}";
    public static final String E503 = "{\"error\":\"Redis did not answer within 1500 ms\"}";
    public static final String E503_ROUTE = "{\"error\":\"no healthy instance of echo-git-sync\",\"field\":\"to\"}";
    public static final String E504 = "{\"error\":\"no reply to request 0c5e0a8e-3d6f-4a59-9b0e-8f1d2c3b4a59 within 10.0 s\"}";

    // Registry and liveness.
    public static final String REGISTER = "{\"component\":\"sherlock-hub\",\"version\":\"1.0.0\",\"port\":8000,"
            + "\"capabilities\":[\"entity-mapping\",\"relationship-discovery\",\"search\",\"qa\"],"
            + "\"health_check_url\":\"http://localhost:8000/health\"}";
    public static final String REGISTERED = "{\"status\":\"registered\",\"component_id\":\"sherlock-hub-001\","
            + "\"heartbeat_interval\":5.0,\"next_heartbeat\":\"2026-11-27T13:45:05.120Z\"}";
    public static final String HEARTBEAT = "{\"component_id\":\"sherlock-hub-001\",\"timestamp\":\"2025-12-17T19:45:05Z\","
            + "\"status\":\"healthy\",\"metrics\":{\"requests_total\":150,\"requests_per_minute\":2.5,\"errors\":0}}";
    private static final String COMMAND = "\"command_id\":\"5c1e9a70-2b4d-4f3e-9c1a-7d2e8f6b3a10\",\"command\":\"sync-now\","
            + "\"args\":{\"repository\":\"my-repo\"},\"issued_at\":\"2026-11-27T13:45:07.512Z\"";
    public static final String HEARTBEAT_ACK = "{\"status\":\"acknowledged\",\"next_heartbeat\":\"2026-11-27T13:45:10.004Z\","
            + "\"commands\":[{" + COMMAND + "}]}";
    public static final String COMMAND_REQUEST = "{\"command\":\"sync-now\",\"args\":{\"repository\":\"my-repo\"}}";
    public static final String COMMAND_ACCEPTED = "{\"command_id\":\"5c1e9a70-2b4d-4f3e-9c1a-7d2e8f6b3a10\"}";
    public static final String COMMANDS = "{\"component_id\":\"echo-git-sync-001\",\"pending\":[],\"results\":[{"
            + "\"component_id\":\"echo-git-sync-001\"," + COMMAND + ",\"status\":\"done\",\"detail\":\"synced my-repo\","
            + "\"completed_at\":\"2026-11-27T13:45:10.004Z\"}]}";
    public static final String SERVICE = "{\"component_id\":\"sherlock-hub-001\",\"component\":\"sherlock-hub\","
            + "\"version\":\"1.0.0\",\"host\":\"127.0.0.1\",\"port\":8000,\"status\":\"healthy\","
            + "\"capabilities\":[\"entity-mapping\",\"relationship-discovery\",\"search\",\"qa\"],"
            + "\"health_check_url\":\"http://localhost:8000/health\",\"metadata\":{},"
            + "\"last_heartbeat\":\"2026-11-27T13:45:05.004Z\",\"registered_at\":\"2026-11-27T13:45:00.120Z\"}";
    public static final String SERVICES = "{\"services\":[" + SERVICE + "]}";
    public static final String DASHBOARD = "{\"timestamp\":\"2026-11-27T13:45:42.120Z\",\"overall_status\":\"healthy\","
            + "\"components\":[{\"component_id\":\"sherlock-hub-001\",\"component\":\"sherlock-hub\",\"status\":\"healthy\","
            + "\"uptime_seconds\":42,\"last_heartbeat\":\"2026-11-27T13:45:40.004Z\",\"requests_total\":150.0,"
            + "\"errors\":0.0,\"requests_per_minute\":2.5}]}";
    public static final String HEALTH_UP = "{\"status\":\"UP\",\"checks\":{\"kafka\":\"UP\",\"redis\":\"UP\",\"registry\":\"UP\"}}";
    public static final String HEALTH_DOWN = "{\"status\":\"DOWN\",\"checks\":{\"kafka\":\"UP\","
            + "\"redis\":\"DOWN: no answer within 800 ms\",\"registry\":\"UP\"}}";

    // Messaging and events.
    public static final String SEND = "{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"message_type\":\"sync-request\","
            + "\"payload\":{\"repository\":\"my-repo\",\"force\":false}}";
    public static final String SEND_BATCH = "{\"messages\":[{\"from\":\"a\",\"to\":\"b\",\"message_type\":\"t\",\"payload\":1},"
            + "{\"from\":\"a\",\"to\":\"b\",\"message_type\":\"t\",\"payload\":2}]}";
    public static final String QUEUED = "{\"status\":\"queued\",\"message_id\":\"0b6f3c2e-8a1d-4e5f-9b7c-2d4e6f8a0b1c\"}";
    public static final String QUEUED_BATCH = "{\"status\":\"queued\",\"message_ids\":[\"4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b\","
            + "\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\"]}";
    public static final String RECEIVED = "{\"messages\":[{\"message_id\":\"0b6f3c2e-8a1d-4e5f-9b7c-2d4e6f8a0b1c\","
            + "\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"message_type\":\"sync-request\","
            + "\"payload\":{\"repository\":\"my-repo\",\"force\":false},\"sent_at\":\"2026-11-27T13:45:06.210Z\"}]}";
    public static final String BROADCAST = "{\"from\":\"sherlock-hub\",\"event_type\":\"entity-created\","
            + "\"data\":{\"entity_id\":\"entity-123\",\"entity_type\":\"Person\",\"name\":\"John Doe\"}}";
    public static final String BROADCAST_ACCEPTED = "{\"status\":\"broadcast\",\"event_id\":\"7e3b1f0a-6c2d-4b8e-9f1a-3d5c7e9b1a2f\"}";
    public static final String EVENT_STREAM = "id:5\nevent:entity-created\ndata:{\"event\":\"entity-created\","
            + "\"event_id\":\"7e3b1f0a-6c2d-4b8e-9f1a-3d5c7e9b1a2f\",\"from\":\"sherlock-hub\",\"timestamp\":\"2026-11-27T13:45:08.330Z\","
            + "\"data\":{\"entity_id\":\"entity-123\",\"entity_type\":\"Person\",\"name\":\"John Doe\"}}\n\n";
    public static final String REQUEST = "{\"from\":\"sherlock-hub\",\"to\":\"echo-git-sync\",\"request_type\":\"get-sync-status\","
            + "\"timeout_seconds\":10}";
    public static final String REQUEST_ANSWER = "{\"status\":\"ok\",\"request_id\":\"0c5e0a8e-3d6f-4a59-9b0e-8f1d2c3b4a59\","
            + "\"responder\":\"echo-git-sync-001\",\"response\":{\"synced\":true},\"latency_ms\":3.2}";
    public static final String HANDED_OUT = "{\"requests\":[{\"request_id\":\"0c5e0a8e-3d6f-4a59-9b0e-8f1d2c3b4a59\","
            + "\"from\":\"sherlock-hub\",\"request_type\":\"get-sync-status\",\"payload\":null,"
            + "\"deadline\":\"2026-11-27T13:45:18.400Z\"}]}";
    public static final String REPLY = "{\"response\":{\"synced\":true}}";
    public static final String REPLY_DELIVERED = "{\"status\":\"delivered\",\"request_id\":\"0c5e0a8e-3d6f-4a59-9b0e-8f1d2c3b4a59\"}";

    // Shared state.
    public static final String STATE_PUT = "{\"value\":{\"status\":\"operational\",\"mode\":\"maintenance\"}}";
    public static final String STATE_ENTRY = "{\"key\":\"global:state\",\"value\":{\"status\":\"operational\",\"mode\":\"production\"},"
            + "\"version\":\"648eb0c0a3c6f5d1e2b7a9c4d8e1f0a2b3c4d5e6\"}";
    public static final String STATE_KEYS = "{\"keys\":[\"global:state\"]}";

    // Metrics and alerting.
    private static final String SERIES = "{\"component_id\":\"sherlock-hub-001\",\"points\":[{\"timestamp\":\"2026-11-27T13:45:05.004Z\","
            + "\"metrics\":{\"requests_total\":150.0,\"errors\":2.0,\"requests_per_minute\":12.0,\"errors_per_minute\":0.5}}]}";
    public static final String METRICS_ONE = SERIES;
    public static final String METRICS_ALL = "{\"components\":[" + SERIES + "]}";
    private static final String ALERT_FIELDS = "\"alert_name\":\"high-error-rate\",\"condition\":\"errors_per_minute > 5\","
            + "\"components\":[\"sherlock-hub\",\"echo-git-sync\"],\"notification_channels\":[\"email\",\"slack\"]";
    public static final String ALERT = "{" + ALERT_FIELDS + ",\"for_seconds\":30}";
    public static final String ALERT_CONFIGURED = "{\"status\":\"configured\"," + ALERT_FIELDS + ",\"for_seconds\":30.0}";
    public static final String ALERTS = "{\"alerts\":[{\"alert_name\":\"component-degraded\",\"condition\":\"status == degraded\","
            + "\"components\":[],\"notification_channels\":[\"log\"],\"for_seconds\":0.0,\"built_in\":true,\"state\":\"ok\"},"
            + "{" + ALERT_FIELDS + ",\"for_seconds\":30.0,\"built_in\":false,\"state\":\"firing\"}]}";
    public static final String ACTIVE_ALERTS = "{\"alerts\":[{\"alert_name\":\"high-error-rate\",\"component_id\":\"sherlock-hub-001\","
            + "\"component\":\"sherlock-hub\",\"condition\":\"errors_per_minute > 5\",\"value\":7.5,"
            + "\"since\":\"2026-11-27T13:46:12.000Z\"}]}";

    // Security.
    public static final String TOKEN_REQUEST = "{\"component\":\"sherlock-hub\",\"description\":\"prod\"}";
    public static final String TOKEN_ISSUED = "{\"token_id\":\"tok-3f2a9c1b7d4e5f60\",\"component\":\"sherlock-hub\","
            + "\"token\":\"hmy_q0Wm3xY2b8RkP5sT1vL9nC4dE7fG6hJ0aZ2iK8uO3pQ\"}";
    public static final String TOKENS = "{\"tokens\":[{\"token_id\":\"tok-3f2a9c1b7d4e5f60\",\"component\":\"sherlock-hub\","
            + "\"description\":\"prod\",\"created_at\":\"2026-11-27T13:40:00.000Z\"}]}";
    public static final String ACCESS_RULE = "{\"from\":\"sherlock-hub\",\"to\":[\"echo-git-sync\",\"global-cortex\"],"
            + "\"allowed_operations\":[\"read\",\"write\"]}";
    public static final String ACCESS_RULES = "{\"rules\":[" + ACCESS_RULE + "]}";
}
