package io.harmony.registry;

import java.util.List;
import java.util.Map;

import io.harmony.liveness.FailureDetector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /register. */
public record RegisterRequest(
        // Safe in a URL, a Kafka key and a Redis key (CONTRACT.md).
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String component,
        @NotNull @Size(max = 128) String version,
        @NotNull @Min(1) @Max(65535) Integer port,
        @Size(max = 256) List<@NotNull @Size(max = 256) String> capabilities,
        // An absolute http(s) URL, as Consul's HTTP check wants: what CONTRACT.md's active health check (a later issue) calls.
        @Size(max = 2048) @Pattern(regexp = "(?i)https?://[^\\s/?#]+[^\\s]*", message = "must be an absolute http:// or https:// URL")
        String healthCheckUrl,
        @Pattern(regexp = "[A-Za-z0-9.:_\\-\\[\\]%]{1,255}", message = "must be a host name or address") String host,
        @Size(max = 64) Map<String, @NotNull @Size(max = 1024) String> metadata,
        // fixed (M x I) or phi accrual with its settings; absent: the conductor's default (harmony.liveness.failure-detector)
        @Valid FailureDetector failureDetector) {
}
