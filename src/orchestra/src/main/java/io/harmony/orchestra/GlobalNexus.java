package io.harmony.orchestra;

import io.harmony.client.Discovery;
import io.harmony.client.ServiceInstance;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** global-nexus: lists the registered services from the client's discovery cache and routes calls to a healthy instance. */
public final class GlobalNexus extends Component {
    private static final String ROUTE = "/route/";

    private final AtomicLong routesTotal = new AtomicLong();

    GlobalNexus(Orchestra.Settings settings) {
        super("global-nexus", settings, "service-discovery", "load-balancing", "request-routing");
        route("GET", "/services", call -> Reply.ok(services()));
        route("*", ROUTE + "*", this::routeCall);
    }

    @Override
    protected void started() {
        client().discovery();   // the cache starts on first use: fill it now, not on the first GET /services
    }

    @Override
    protected Map<String, Number> ownMetrics() { return Map.of("routes_total", routesTotal.get()); }

    private Map<String, Object> services() {
        Discovery discovery = client().discovery();
        var body = new LinkedHashMap<String, Object>();
        body.put("services", discovery.services());   // ServiceInstance's components are the conductor's fields
        body.put("staleness_seconds", discovery.staleness().toMillis() / 1000.0);
        body.put("last_refresh", discovery.lastRefresh());
        return body;
    }

    /** /route/{component}/{path…}: the rest of the raw path and the raw query go to the picked instance unchanged. */
    private Reply routeCall(Call call) {
        String rest = call.rawPath().substring(ROUTE.length());
        int slash = rest.indexOf('/');
        String component = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (component.isEmpty()) return Reply.error(404, "use /route/{component}/{path}", null);
        Optional<ServiceInstance> instance = client().discovery().pickHealthy(component);
        if (instance.isEmpty()) return Reply.error(503, "no healthy instance of " + component, null);
        URI target;
        try {
            target = URI.create(instance.get().baseUri() + path + (call.rawQuery() == null ? "" : "?" + call.rawQuery()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("cannot route to " + path + ": " + e.getMessage(), null);
        }
        routesTotal.incrementAndGet();
        return forward(call, target);
    }
}
