package io.harmony.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.harmony.json.Decoded;


/**
 * One component in the liveness view: its registration, status and latest beat. The value on the compacted
 * harmony.status (key component_id), which every replica materializes and answers reads from. A phi component also
 * carries its beat history, so the changelogged store keeps it and any replica computes the current φ.
 *
 * @param failureDetector as registered (null: the conductor's default)
 * @param beatHistory the inter-arrival summary while phi watches the component; null under the fixed rule
 */
public record ComponentStatus(String componentId, String component, String version, String host, int port,
        Status status, List<String> capabilities, String healthCheckUrl, Map<String, String> metadata,
        Instant lastHeartbeat, Instant registeredAt, Instant statusSince, ReportedStatus reportedStatus,
        Map<String, Double> metrics, FailureDetector failureDetector, BeatHistory beatHistory) {

    static ComponentStatus registered(Registration r, Instant at, BeatHistory history) {
        return new ComponentStatus(Decoded.canonical(r.componentId()), Decoded.canonical(r.component()),
                Decoded.canonical(r.version()), Decoded.canonical(r.host()), r.port(), Status.HEALTHY,
                canonical(r.capabilities()), r.healthCheckUrl(), r.metadata(), r.registeredAt(), r.registeredAt(), at, null, Map.of(),
                r.failureDetector(), history);
    }

    /** The {@code /services/{id}} object; {@code phi} the settings that watch it (null: the fixed rule), φ shown to 3 decimals. */
    public Registration toRegistration(FailureDetector phi, Instant now) {
        Double current = phi == null || beatHistory == null ? null
                : Math.round(PhiAccrual.phi(now.toEpochMilli() - lastHeartbeat.toEpochMilli(), beatHistory, phi) * 1000) / 1000.0;
        return new Registration(componentId, component, version, host, port, status, capabilities, healthCheckUrl,
                metadata, lastHeartbeat, registeredAt, failureDetector, current);
    }

    /** Registered again: the new registration's data, and the beat history of a fresh start. */
    ComponentStatus withRegistration(Registration r, BeatHistory history) {
        return new ComponentStatus(componentId, Decoded.canonical(r.component()), Decoded.canonical(r.version()),
                Decoded.canonical(r.host()), r.port(), status, canonical(r.capabilities()),
                r.healthCheckUrl(), r.metadata(), lastHeartbeat, r.registeredAt(), statusSince, reportedStatus, metrics,
                r.failureDetector(), history);
    }

    ComponentStatus withBeat(Instant at, ReportedStatus reported, Map<String, Double> latestMetrics, BeatHistory history) {
        return new ComponentStatus(componentId, component, version, host, port, status, capabilities, healthCheckUrl,
                metadata, at, registeredAt, statusSince, reported, latestMetrics, failureDetector, history);
    }

    ComponentStatus withStatus(Status next, Instant at) {
        return new ComponentStatus(componentId, component, version, host, port, next, capabilities, healthCheckUrl,
                metadata, lastHeartbeat, registeredAt, at, reportedStatus, metrics, failureDetector, beatHistory);
    }

    /**
     * The sweeper keeps every component's status decoded for its lifetime: its texts as canonical Strings (the id is
     * the record key's, interned by ComponentIdSerde), capabilities as an immutable list of them.
     */
    private static List<String> canonical(List<String> capabilities) {
        return capabilities == null ? null : capabilities.stream().map(Decoded::canonical).toList();
    }
}
