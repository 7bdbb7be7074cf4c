package io.harmony.orchestra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Starts the seed's four components (or some of them) against one conductor, and stops them together. */
public final class Orchestra implements AutoCloseable {
    public static final List<String> ALL = List.of("sherlock-hub", "echo-git-sync", "global-nexus", "global-cortex");
    /** The seed's ports. */
    private static final Map<String, Integer> SEED_PORTS =
            Map.of("sherlock-hub", 8000, "echo-git-sync", 9000, "global-nexus", 9001, "global-cortex", 9002);
    private static final Map<String, Function<Settings, Component>> FACTORIES = Map.of(
            "sherlock-hub", SherlockHub::new, "echo-git-sync", EchoGitSync::new,
            "global-nexus", GlobalNexus::new, "global-cortex", GlobalCortex::new);

    /**
     * Where the components find the conductor and Kafka, the host they register under (they bind every interface),
     * and their ports by name (0 = pick a free one).
     */
    public record Settings(URI conductor, String kafkaBootstrap, String host, Map<String, Integer> ports) {
        public Settings {
            conductor = conductor == null ? URI.create("http://localhost:8888") : conductor;
            kafkaBootstrap = kafkaBootstrap == null || kafkaBootstrap.isBlank() ? "localhost:9092" : kafkaBootstrap;
            host = host == null || host.isBlank() ? "localhost" : host;
            ports = Map.copyOf(ports == null ? SEED_PORTS : ports);
        }

        /** HARMONY_URL, KAFKA_BOOTSTRAP_SERVERS, ORCHESTRA_HOST and per component e.g. SHERLOCK_HUB_PORT; else the seed's defaults. */
        public static Settings fromEnv() {
            var ports = new HashMap<>(SEED_PORTS);
            for (String name : ALL) {
                String variable = name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
                String value = System.getenv(variable);
                if (value == null || value.isBlank()) continue;
                try {
                    ports.put(name, Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(variable + " is not a port: " + value);
                }
            }
            String conductor = System.getenv("HARMONY_URL");
            return new Settings(conductor == null || conductor.isBlank() ? null : URI.create(conductor),
                    System.getenv("KAFKA_BOOTSTRAP_SERVERS"), System.getenv("ORCHESTRA_HOST"), ports);
        }

        /** These settings with the given ports replacing those of the same names. */
        public Settings withPorts(Map<String, Integer> ports) {
            var merged = new HashMap<>(this.ports);
            merged.putAll(ports);
            return new Settings(conductor, kafkaBootstrap, host, merged);
        }
    }

    private final Map<String, Component> components;

    private Orchestra(Map<String, Component> components) {
        this.components = components;
    }

    /** Returns once every component's HTTP server listens and its client started (registration goes on in the background). */
    public static Orchestra start(Settings settings, List<String> components) {
        for (String name : components) {
            if (!FACTORIES.containsKey(name)) throw new IllegalArgumentException("unknown component " + name + "; known: " + ALL);
        }
        var started = new LinkedHashMap<String, Component>();
        try {
            for (String name : components) {
                if (started.containsKey(name)) continue;
                Component component = FACTORIES.get(name).apply(settings);
                started.put(name, component);
                component.start();
            }
        } catch (IOException | RuntimeException e) {
            started.values().forEach(Component::close);
            if (e instanceof IOException io) throw new UncheckedIOException("cannot start the orchestra: " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
        return new Orchestra(started);
    }

    public Component component(String name) {
        Component component = components.get(name);
        if (component == null) throw new IllegalArgumentException(name + " is not part of this orchestra");
        return component;
    }

    /** True once every component registered, within one shared timeout. */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Component component : components.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!component.client().awaitRegistered(left)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        var reversed = new ArrayList<>(components.values());
        Collections.reverse(reversed);
        reversed.forEach(Component::close);
    }

    /** Args: component names (none = all four). Runs until Ctrl-C; the shutdown hook deregisters them. */
    public static void main(String[] args) throws InterruptedException {
        // One line per log record (the JDK's default takes two), so a state change is one line as the spec asks.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
        }
        Orchestra orchestra;
        try {
            orchestra = start(Settings.fromEnv(), args.length == 0 ? ALL : List.of(args));
        } catch (RuntimeException e) {
            System.err.println("orchestra: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(orchestra::close, "orchestra-shutdown"));
        for (Component component : orchestra.components.values()) {
            while (!component.client().awaitRegistered(Duration.ofSeconds(30))) {
                System.out.println(component.name() + " still waiting for the conductor at " + component.client().conductor());
            }
            System.out.println(component.componentId() + " registered, listening on :" + component.port());
        }
        Thread.currentThread().join();   // until Ctrl-C
    }
}
