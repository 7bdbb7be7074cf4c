package io.harmony.config;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

import jakarta.inject.Singleton;

/**
 * Where Kafka and Redis are, resolved in one place. Their keys are Kafka's and Quarkus' own ({@code
 * kafka.bootstrap.servers}, {@code quarkus.redis.hosts}, {@code quarkus.redis.timeout}), set by the embedded starter
 * or by KAFKA_BOOTSTRAP_SERVERS / QUARKUS_REDIS_HOSTS, so they are read here rather than repeated under harmony.*.
 */
@Singleton
public class Endpoints {
    private final String kafkaBootstrap;
    private final String redisHosts;
    private final Duration redisTimeout;

    public Endpoints(Config config) {
        this.kafkaBootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        this.redisHosts = config.getOptionalValue("quarkus.redis.hosts", String.class).orElse("redis://localhost:6379");
        this.redisTimeout = config.getOptionalValue("quarkus.redis.timeout", Duration.class).orElse(Duration.ofSeconds(10));
    }

    /** Kafka's bootstrap servers, for every client the conductor creates. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The first of quarkus.redis.hosts, for the connections Quarkus' client does not make (pub/sub subscribers). */
    public String redisUrl() {
        String first = redisHosts.split(",")[0].trim();
        return first;
    }

    public String redisHosts() {
        return redisHosts;
    }

    /** quarkus.redis.timeout: what every Redis call an endpoint waits for is bounded by. */
    public Duration redisTimeout() {
        return redisTimeout;
    }
}
