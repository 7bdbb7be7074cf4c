package io.harmony.kafka;

/** Every Kafka topic and state store name, in one place; only application.properties repeats them. */
public final class KafkaNames {
    /** Kafka Streams' application.id (quarkus.kafka-streams.application-id): its group and its internal topics' prefix. */
    public static final String APPLICATION_ID = "harmony-liveness";

    private KafkaNames() {
    }

    public static final class Topics {
        private Topics() {
        }

        /** Compacted, key component_id: latest registration of each instance; tombstone on deregister. */
        public static final String REGISTRATIONS = "harmony.registrations";
        /** Key component_id, value the POST /heartbeat body; LogAppendTime, so the record time is the beat's time. */
        public static final String HEARTBEATS = "harmony.heartbeats";
        /** Compacted, key component_id: the liveness view, written on each transition and at most 1/s otherwise. */
        public static final String STATUS = "harmony.status";
        /** Key recipient component name: queued messages. */
        public static final String MESSAGES = "harmony.messages";
        /** One partition, so an SSE id is a total order: broadcasts, transitions, state changes, alerts. */
        public static final String EVENTS = "harmony.events";
        /** Key target instance component_id: pending requests. */
        public static final String REQUESTS = "harmony.requests";
        /** Key request_id: replies to requests. */
        public static final String REPLIES = "harmony.replies";
        /** Compacted, key alert_name: the alert rules. */
        public static final String ALERTS = "harmony.alerts";
        /** Compacted, key {@code <alert_name>|<component_id>}: pending and firing alerts; tombstone when resolved. */
        public static final String ALERT_STATES = "harmony.alert-states";
        /** Compacted, key {@code <component_id>|<command_id>}: heartbeat commands, pending or with their outcome. */
        public static final String COMMANDS = "harmony.commands";
        /** Compacted, key token_id: issued component tokens (the secret's hash only); tombstone = revoked. */
        public static final String TOKENS = "harmony.tokens";
        /** Compacted, key from: each sender's access-control rule; tombstone = removed. */
        public static final String ACCESS_CONTROL = "harmony.access-control";
    }

    public static final class Stores {
        private Stores() {
        }

        /** The per-task stores Streams backs with a changelog topic (the global ones are restored from their source). */
        public static final java.util.List<String> CHANGELOGGED = java.util.List.of(
                Stores.COMPONENTS, Stores.METRICS_RAW, Stores.METRICS_ROLLUPS, Stores.ALERT_SUBJECTS, Stores.ALERT_STATES);

        /** The global views (every replica holds all of each) and the topic each replays: ConductorTopology builds them. */
        public static final java.util.Map<String, String> GLOBAL_VIEWS = java.util.Map.of(
                Stores.STATUS_VIEW, Topics.STATUS, Stores.ALERT_RULES_VIEW, Topics.ALERTS,
                Stores.ALERT_STATES_VIEW, Topics.ALERT_STATES, Stores.COMMANDS_VIEW, Topics.COMMANDS,
                Stores.TOKENS_VIEW, Topics.TOKENS, Stores.ACCESS_CONTROL_VIEW, Topics.ACCESS_CONTROL);

        /** Streams' name for a store's changelog topic. */
        public static String changelog(String store) {
            return APPLICATION_ID + "-" + store + "-changelog";
        }

        /** Per-task, changelogged: registration, last beat, status and deadline of each component of the task. */
        public static final String COMPONENTS = "liveness-components";
        /** Global, from harmony.status: the liveness view every replica answers reads from. */
        public static final String STATUS_VIEW = "status-view";
        /** Per-task, changelogged, key {@code <component_id>|<epoch ms>}: raw metric points (harmony.metrics.raw-retention). */
        public static final String METRICS_RAW = "metrics-raw";
        /** Per-task, changelogged, key {@code <component_id>|<minute epoch ms>}: one-minute roll-ups (rollup-retention). */
        public static final String METRICS_ROLLUPS = "metrics-rollups";
        /** Per-task, changelogged, key component_id: name, status and metrics the alert evaluator last saw. */
        public static final String ALERT_SUBJECTS = "alert-subjects";
        /** Per-task, changelogged, key {@code <alert_name>|<component_id>}: pending and firing alerts. */
        public static final String ALERT_STATES = "alert-states";
        /** Global, from harmony.alerts: the rules every evaluator and every replica's API reads. */
        public static final String ALERT_RULES_VIEW = "alert-rules-view";
        /** Global, from harmony.alert-states: what GET /alerts and /alerts/active answer on any replica. */
        public static final String ALERT_STATES_VIEW = "alert-states-view";
        /** Global, from harmony.commands: every instance's commands, which any replica's heartbeat ack hands out. */
        public static final String COMMANDS_VIEW = "commands-view";
        /** Global, from harmony.tokens: every replica checks bearer tokens against it, without Redis or a network call. */
        public static final String TOKENS_VIEW = "tokens-view";
        /** Global, from harmony.access-control: the rules every replica enforces on sends and requests. */
        public static final String ACCESS_CONTROL_VIEW = "access-control-view";
    }
}
