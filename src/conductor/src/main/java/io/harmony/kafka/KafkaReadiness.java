package io.harmony.kafka;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.harmony.health.Checks;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The broker answers a cluster description (every write goes there first). */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {
    public static final String NAME = "kafka";

    private final KafkaClients kafka;

    KafkaReadiness(KafkaClients kafka) {
        this.kafka = kafka;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Checks.bounded(NAME, Uni.createFrom().completionStage(() -> kafka.admin()
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) Checks.BOUND.toMillis())).clusterId().toCompletionStage()));
    }
}
