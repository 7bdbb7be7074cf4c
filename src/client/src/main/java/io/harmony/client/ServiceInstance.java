package io.harmony.client;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One registered instance as GET /services lists it. */
public record ServiceInstance(String componentId, String component, String version, String host, int port, String status,
        List<String> capabilities, String healthCheckUrl, Map<String, String> metadata, Instant lastHeartbeat,
        Instant registeredAt) {

    /** http://host:port, with an IPv6 host in brackets. */
    public URI baseUri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
}
