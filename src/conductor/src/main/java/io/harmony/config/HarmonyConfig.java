package io.harmony.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every {@code harmony.*} key of the conductor, documented where it is declared (CONTRACT.md, Configuration). */
@ConfigMapping(prefix = "harmony")
public interface HarmonyConfig {

    Heartbeat heartbeat();

    Liveness liveness();

    Http http();

    Kafka kafka();

    Metrics metrics();

    Alerts alerts();

    Queue queue();

    Request request();

    Events events();

    Auth auth();

    Encryption encryption();

    Limits limits();

    /** Directory of the embedded broker's logs, the Streams state and the embedded Redis AOF. */
    @WithName("data-dir")
    @WithDefault("./data")
    String dataDir();

    interface Heartbeat {
        /** Seconds between beats; tests use 0.5, which a Duration cannot parse, hence double. */
        @WithDefault("5")
        double interval();

        /** Beats missed before a silent component is degraded. */
        @WithDefault("3")
        int missed();

        /** Seconds from degraded to offline. */
        @WithDefault("30")
        double grace();
    }

    /** How silence becomes degraded (README, Failure detection). */
    interface Liveness {
        /**
         * The detector of components whose registration names none: {@code fixed} (M x I, CONTRACT.md) or {@code phi}
         * (phi accrual with the settings below). Applies from their next beat.
         */
        @WithName("failure-detector")
        @WithDefault("fixed")
        @Pattern(regexp = "fixed|phi", message = "must be fixed or phi")
        String failureDetector();

        /** Phi accrual's settings, Akka's defaults; a registration's failure_detector may set each for itself. */
        Phi phi();

        interface Phi {
            /** φ at which a silent component becomes degraded: 8 suspects wrongly once in 10^8 beats. */
            @WithDefault("8")
            @Positive
            @DecimalMax("100")
            double threshold();

            /** How many recent beat intervals the mean and standard deviation follow. */
            @WithDefault("1000")
            @Min(1)
            @Max(100_000)
            int window();

            /** Floor under the observed standard deviation, in milliseconds. */
            @WithName("min-std-dev-ms")
            @WithDefault("100")
            @Min(1)
            long minStdDevMs();

            /** Silence accepted on top of the mean interval before φ starts to rise, in milliseconds. */
            @WithName("acceptable-pause-ms")
            @WithDefault("3000")
            @Min(0)
            long acceptablePauseMs();
        }
    }

    interface Http {
        /** Largest accepted request body in bytes; Quarkus' own (larger) limit stays as a backstop. */
        @WithName("max-body")
        @WithDefault("1048576")
        long maxBody();
    }

    interface Kafka {
        /** Partitions of the keyed topics (registrations, heartbeats, status, messages, requests) when we create them. */
        @WithDefault("6")
        int partitions();

        /**
         * Replicas of every topic the conductor creates, Streams' changelogs included; unset: min(3, brokers in the
         * cluster). Topics that already exist keep theirs.
         */
        @WithName("replication-factor")
        java.util.OptionalInt replicationFactor();

        /** min.insync.replicas of those topics; unset: a majority of the replicas (2 of 3), 1 below three replicas. */
        @WithName("min-insync-replicas")
        java.util.OptionalInt minInsyncReplicas();

        /** How long a write may wait for room or metadata before the producer gives up (its max.block.ms). */
        @WithName("max-block")
        @WithDefault("5s")
        java.time.Duration maxBlock();

        /**
         * How long the broker may take to acknowledge a write (the producer's delivery.timeout.ms; its request timeout
         * is half of it). An HTTP answer that waits for an acknowledgement answers 503 after max-block + this.
         */
        @WithName("delivery-timeout")
        @WithDefault("10s")
        java.time.Duration deliveryTimeout();

        /**
         * How long a write (registration, command, alert rule) waits to see itself in this replica's global view
         * before answering, so a read right after it on the same replica finds it. Past it, it answers anyway.
         */
        @WithName("view-wait")
        @WithDefault("5s")
        java.time.Duration viewWait();

        /**
         * Under load, the stream thread fetches its input (registrations, heartbeats) at most once per this window, so
         * each fetch carries the window's records instead of a few (the topology's StreamsClientSupplier); a quiet
         * input is fetched at once. 0: no batching.
         */
        @WithName("streams-batch-window")
        @WithDefault("10ms")
        java.time.Duration streamsBatchWindow();
    }

    interface Queue {
        /** Longest long-poll of GET /queue/receive and GET /requests/receive, in seconds (wait_seconds is clamped). */
        @WithName("max-wait")
        @WithDefault("30")
        int maxWait();

        /**
         * How long a send waits for its message to be indexed into Redis (receivable) before answering anyway: the
         * message is durable on Kafka already, and will be indexed when Redis is back.
         */
        @WithName("index-wait")
        @WithDefault("5s")
        java.time.Duration indexWait();
    }

    interface Request {
        /** Seconds a POST /request waits for its reply when it names no timeout. */
        @WithName("default-timeout")
        @WithDefault("10")
        double defaultTimeout();

        /** Largest timeout_seconds a POST /request may ask for. */
        @WithName("max-timeout")
        @WithDefault("60")
        double maxTimeout();
    }

    interface Events {
        /** Time between SSE keep-alive comments on an idle /events stream. */
        @WithName("keep-alive")
        @WithDefault("15s")
        java.time.Duration keepAlive();
    }

    interface Metrics {
        /** How long raw points (one per heartbeat) are kept. */
        @WithName("raw-retention")
        @WithDefault("1h")
        java.time.Duration rawRetention();

        /** How long one-minute roll-ups (min/max/avg/last) are kept. */
        @WithName("rollup-retention")
        @WithDefault("24h")
        java.time.Duration rollupRetention();

        /**
         * Shortest time between two recorded points of one component: beats arriving faster are neither recorded nor
         * evaluated against metric rules, so a component beating far faster than configured cannot flood the history.
         */
        @WithName("min-interval")
        @WithDefault("1s")
        java.time.Duration minInterval();

        /** Metric names that are counters besides those ending in _total: they get a derived <name>_per_minute. */
        @WithDefault("errors")
        java.util.Set<String> counters();
    }

    /** Where alert notices go (CONTRACT.md, Metrics and alerting); a channel left unset logs its deliveries as skipped. */
    interface Alerts {
        Webhook webhook();

        Slack slack();

        Email email();

        interface Webhook {
            /** URL that receives each alert notice as a JSON POST. */
            java.util.Optional<String> url();
        }

        interface Slack {
            /** Slack incoming-webhook URL. */
            java.util.Optional<String> url();
        }

        interface Email {
            /** Recipients, comma-separated; the SMTP server is Quarkus' ({@code quarkus.mailer.host}, {@code .port}, {@code .from}). */
            java.util.Optional<String> to();
        }
    }

    /** Bearer tokens (README, Security). Off by default so the quick start needs none. */
    interface Auth {
        @WithDefault("false")
        boolean enabled();

        /** The admin token; when auth is on and it is unset, the first start writes a new one to {@code <data-dir>/admin.token}. */
        @WithName("admin-token")
        java.util.Optional<String> adminToken();
    }

    /** AES-GCM encryption at rest of message, request, reply and broadcast payloads. Unset: stored as sent. */
    interface Encryption {
        /** The current key, base64 of 32 bytes. */
        java.util.Optional<String> key();

        /** The id stored with every payload encrypted under {@link #key()}. */
        @WithName("key-id")
        @WithDefault("k1")
        String keyId();

        /** Earlier keys that still decrypt, {@code id:base64key,…}: a rotation loses no stored message. */
        @WithName("old-keys")
        java.util.Optional<String> oldKeys();
    }

    /** Per-caller limits; defaults generous enough that the heartbeat benchmark never meets them. */
    interface Limits {
        /** Sustained writes per second per token (per component when auth is off). */
        @WithName("writes-per-second")
        @WithDefault("20000")
        double writesPerSecond();

        /** Writes a caller may make at once above the sustained rate (the bucket's size). */
        @WithName("write-burst")
        @WithDefault("40000")
        int writeBurst();

        /** Most messages a recipient's queue holds; a send that would exceed it is a 429. */
        @WithName("queue-depth")
        @WithDefault("100000")
        long queueDepth();

        /** Most concurrent /events/subscribe streams per token (per replica). */
        @WithName("streams-per-token")
        @WithDefault("64")
        int streamsPerToken();
    }
}
