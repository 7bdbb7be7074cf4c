package io.harmony.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's docker-compose.yml (issue 19, item 3): valid Compose (by {@code docker compose config} where Docker's
 * CLI with the compose plugin is installed, and always by the Compose Specification's JSON schema), and wired the way
 * Harmony needs it: each conductor advertising its own address, start order by health, Kafka and Redis data in named
 * volumes, Redis keyspace notifications, the seed's four components, the dashboard on the host's 8888, and builds whose
 * Dockerfile and stages exist. No Docker engine is needed: nothing here starts a container.
 */
class ComposeFileTest {
    /** The Compose Specification's schema, vendored: see compose-spec/README.md beside it for where it comes from. */
    private static final String SCHEMA = "/compose-spec/compose-spec.json";
    private static final List<String> SEED_COMPONENTS = List.of("sherlock-hub", "echo-git-sync", "global-nexus", "global-cortex");
    private static final int CONDUCTOR_PORT = 8888;

    private static Path root;
    private static Path composeFile;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        composeFile = root.resolve("docker-compose.yml");
        compose = parse(Files.readString(composeFile));
        services = new LinkedHashMap<>();
        map(compose.get("services"), "services").forEach((name, service) -> services.put(name, map(service, "services." + name)));
    }

    // ---- the file is Compose --------------------------------------------------------------------------------------

    @Test
    void dockerComposeConfigAcceptsIt() throws Exception {
        assumeTrue(run(root, 30, "docker", "compose", "version").exitCode == 0,
                "docker compose (Docker's CLI with the compose plugin) is not installed; the schema test still checks the file");
        Result config = run(root, 60, "docker", "compose", "-f", composeFile.toString(), "config", "-q");
        assertEquals(0, config.exitCode, "docker compose config -q rejects docker-compose.yml:\n" + config.output);
    }

    @Test
    void matchesTheComposeSpecificationSchema() {
        assertNotNull(ComposeFileTest.class.getResource(SCHEMA), SCHEMA + " is missing from the test resources");
        // Loaded from the class path (its relative $id resolves against that location); nothing is fetched.
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SchemaLocation.of("classpath:" + SCHEMA));
        // Compose reads YAML; the schema speaks JSON: the same tree (anchors and << merges resolved, as Compose does).
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(compose);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        Set<ValidationMessage> errors = schema.validate(json, InputFormat.JSON);
        assertTrue(errors.isEmpty(), "docker-compose.yml breaks the Compose Specification:\n"
                + errors.stream().map(e -> "  " + e.getInstanceLocation() + ": " + e.getMessage()).collect(Collectors.joining("\n")));
    }

    // ---- what the schema cannot say -------------------------------------------------------------------------------

    @Test
    void eachConductorAdvertisesItsOwnServiceName() {
        List<String> conductors = conductors();
        assertTrue(conductors.size() >= 2, "two conductor replicas expected, found " + conductors);
        Set<String> advertised = new HashSet<>();
        for (String name : conductors) {
            String address = environment(name).get("HARMONY_ADVERTISED_ADDRESS");
            // Left unset, every replica advertises 127.0.0.1:8888, and a /metrics query forwarded to the owning replica
            // comes back to the asking container and answers 200 with no points.
            assertEquals(name + ":" + containerPort(name), address,
                    name + " must advertise its own service name (HARMONY_ADVERTISED_ADDRESS) to the other replicas");
            assertTrue(advertised.add(address), "two conductors advertise " + address);
        }
    }

    @Test
    void conductorsShareKafkaAndRedisButNotTheirData() {
        Set<String> dataVolumes = new HashSet<>();
        for (String name : conductors()) {
            Map<String, String> env = environment(name);
            assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"), name + ": KAFKA_BOOTSTRAP_SERVERS (unset = an embedded broker of its own)");
            assertEquals("redis://redis:6379", env.get("QUARKUS_REDIS_HOSTS"), name + ": QUARKUS_REDIS_HOSTS (unset = an embedded Redis of its own)");
            String dataDir = env.getOrDefault("HARMONY_DATA_DIR", "/data");   // the image's HARMONY_DATA_DIR
            String volume = namedVolumeAt(name, dataDir);
            assertNotNull(volume, name + ": no named volume at its data dir " + dataDir + " (Kafka Streams state, member id)");
            assertTrue(dataVolumes.add(volume), "conductors share the volume " + volume + "; each replica needs its own Streams state");
        }
    }

    @Test
    void everyDependencyWaitsForAHealthyService() {
        for (String required : List.of("kafka", "redis")) {
            assertTrue(services.containsKey(required), "no " + required + " service");
        }
        for (var service : services.entrySet()) {
            Object dependsOn = service.getValue().get("depends_on");
            if (dependsOn == null) continue;
            assertTrue(dependsOn instanceof Map, service.getKey() + ".depends_on is a list: it waits for nothing but a started container;"
                    + " use the long form with condition: service_healthy");
            map(dependsOn, service.getKey() + ".depends_on").forEach((target, how) -> {
                assertEquals("service_healthy", map(how, service.getKey() + ".depends_on." + target).get("condition"),
                        service.getKey() + " must wait for " + target + " to be healthy");
                assertTrue(hasHealthcheck(target), service.getKey() + " waits for " + target + ", which has no healthcheck");
            });
        }
        for (String name : conductors()) {
            Map<String, Object> dependsOn = map(services.get(name).get("depends_on"), name + ".depends_on");
            assertTrue(dependsOn.keySet().containsAll(List.of("kafka", "redis")), name + " must wait for kafka and redis");
        }
        for (String name : List.of("kafka", "redis")) assertTrue(hasHealthcheck(name), name + " has no healthcheck");
        for (String name : conductors()) assertTrue(hasHealthcheck(name), name + " has no healthcheck");
    }

    @Test
    void kafkaAndRedisKeepTheirDataInNamedVolumes() {
        String logDirs = environment("kafka").get("KAFKA_LOG_DIRS");
        assertNotNull(logDirs, "kafka: KAFKA_LOG_DIRS unset (the image's default is under /tmp)");
        assertNotNull(namedVolumeAt("kafka", logDirs), "kafka: no named volume at KAFKA_LOG_DIRS " + logDirs);
        assertNotNull(namedVolumeAt("redis", "/data"), "redis: no named volume at /data, where the image keeps its append-only file");
        assertTrue(commandLine("redis").contains("--appendonly yes"), "redis: --appendonly yes (queues and state survive a restart)");
    }

    @Test
    void redisSendsKeyspaceNotifications() {
        Matcher flags = Pattern.compile("--notify-keyspace-events\\s+\"?([A-Za-z$]+)").matcher(commandLine("redis"));
        assertTrue(flags.find(), "redis: no --notify-keyspace-events; the state watcher hears nothing");
        String f = flags.group(1);
        // K: the keyspace channel the watcher subscribes to; E: the keyevent channel; A: every class ($ g x and the rest).
        assertTrue(f.contains("K") && f.contains("E"), "redis: notify-keyspace-events " + f + " lacks K or E");
        assertTrue(f.contains("A") || (f.contains("$") && f.contains("g") && f.contains("x")),
                "redis: notify-keyspace-events " + f + " needs A (or at least $, g and x)");
    }

    @Test
    void theSeedsFourComponentsRunOnBothConductors() {
        List<String> conductors = conductors();
        Set<String> used = new HashSet<>();
        for (String name : SEED_COMPONENTS) {
            assertTrue(services.containsKey(name), "no service " + name);
            Map<String, Object> service = services.get(name);
            assertEquals(List.of(name), service.get("command"), name + ": the orchestra jar starts the components named as arguments");
            assertTrue(String.valueOf(service.get("image")).startsWith("harmony/orchestra:"), name + ": image " + service.get("image"));
            Map<String, String> env = environment(name);
            assertEquals(name, env.get("ORCHESTRA_HOST"), name + ": ORCHESTRA_HOST is the host it registers under; others reach it by service name");
            Matcher url = Pattern.compile("http://([^:/]+):(\\d+)/?").matcher(String.valueOf(env.get("HARMONY_URL")));
            assertTrue(url.matches(), name + ": HARMONY_URL " + env.get("HARMONY_URL"));
            assertTrue(conductors.contains(url.group(1)), name + ": HARMONY_URL names no conductor service: " + env.get("HARMONY_URL"));
            assertEquals(containerPort(url.group(1)), Integer.parseInt(url.group(2)), name + ": HARMONY_URL port");
            used.add(url.group(1));
        }
        assertEquals(Set.copyOf(conductors), used, "the components should talk to every conductor replica");
        assertEquals(environment(conductors.get(0)).get("KAFKA_BOOTSTRAP_SERVERS"), environment("global-cortex").get("KAFKA_BOOTSTRAP_SERVERS"),
                "global-cortex reads harmony.heartbeats from the conductors' Kafka");
    }

    @Test
    void theDashboardIsOnTheHosts8888() {
        List<String> at8888 = new ArrayList<>();
        for (String name : services.keySet()) {
            for (int[] port : publishedPorts(name)) {
                if (port[0] == 8888) {
                    at8888.add(name);
                    assertTrue(conductors().contains(name), "host port 8888 goes to " + name + ", not a conductor");
                    assertEquals(containerPort(name), port[1], name + ": host 8888 must reach the conductor's HTTP port");
                }
            }
        }
        assertEquals(1, at8888.size(), "exactly one service on the host's 8888: " + at8888);
    }

    @Test
    void everyBuildHasItsDockerfileStageAndTag() throws IOException {
        String version = rootPomVersion();
        assertTrue(Files.isRegularFile(root.resolve(".dockerignore")), "no .dockerignore: the build would send target/, data/ and .git");
        int builds = 0;
        for (var entry : services.entrySet()) {
            Object build = entry.getValue().get("build");
            if (build == null) continue;
            builds++;
            String name = entry.getKey();
            Map<String, Object> spec = build instanceof String context ? Map.of("context", context) : map(build, name + ".build");
            Path context = root.resolve(String.valueOf(spec.getOrDefault("context", "."))).normalize();
            assertTrue(Files.isDirectory(context), name + ": build context " + context + " does not exist");
            Path dockerfile = context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile"))).normalize();
            assertTrue(Files.isRegularFile(dockerfile), name + ": Dockerfile " + dockerfile + " does not exist");
            Object target = spec.get("target");
            if (target != null) {
                Pattern stage = Pattern.compile("(?im)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(target.toString()) + "\\s*$");
                assertTrue(stage.matcher(Files.readString(dockerfile)).find(), name + ": " + dockerfile + " has no stage " + target);
            }
            String image = String.valueOf(entry.getValue().get("image"));
            assertTrue(image.matches("harmony/[a-z-]+:" + Pattern.quote(version)), name + ": image " + image
                    + " should be tagged with the project version " + version);
        }
        assertTrue(builds > 0, "nothing is built: docker compose up would need images built by hand");
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String needed : List.of("mvnw", ".mvn", ".mvn/", "pom.xml", "src", "src/", "deploy", "deploy/")) {
            assertFalse(ignored.contains(needed), ".dockerignore excludes " + needed + ", which the image build needs");
        }
        for (String unwanted : List.of("**/target/", ".git/", "data/")) {
            assertTrue(ignored.contains(unwanted), ".dockerignore should exclude " + unwanted);
        }
    }

    // ---- reading the file ------------------------------------------------------------------------------------------

    /** YAML as Compose reads it: anchors and {@code <<} merges resolved, a key given twice refused. */
    static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return map(new Yaml(new SafeConstructor(options)).load(yaml), "docker-compose.yml");
    }

    /** Conductor services: those running the conductor image. */
    private static List<String> conductors() {
        return services.entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("image")).startsWith("harmony/conductor:"))
                .map(Map.Entry::getKey).toList();
    }

    /** The conductor's HTTP port inside its container (QUARKUS_HTTP_PORT, else 8888). */
    private static int containerPort(String conductor) {
        return Integer.parseInt(environment(conductor).getOrDefault("QUARKUS_HTTP_PORT", String.valueOf(CONDUCTOR_PORT)));
    }

    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        var result = new LinkedHashMap<String, String>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return result;
    }

    private static boolean hasHealthcheck(String service) {
        Map<String, Object> s = services.get(service);
        if (s == null || !(s.get("healthcheck") instanceof Map<?, ?> check)) return false;
        return !Boolean.TRUE.equals(check.get("disable")) && check.get("test") != null;
    }

    private static String commandLine(String service) {
        Object command = services.get(service).get("command");
        return command instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(" ")) : String.valueOf(command);
    }

    /** The top-level named volume mounted at {@code target} in the service, or null. */
    private static String namedVolumeAt(String service, String target) {
        Set<String> declared = compose.get("volumes") instanceof Map<?, ?> v
                ? v.keySet().stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
        Object volumes = services.get(service).get("volumes");
        if (!(volumes instanceof List<?> list)) return null;
        for (Object volume : list) {
            String source;
            String mountedAt;
            if (volume instanceof Map<?, ?> m) {
                if (m.get("type") != null && !"volume".equals(m.get("type"))) continue;
                source = String.valueOf(m.get("source"));
                mountedAt = String.valueOf(m.get("target"));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length < 2) continue;
                source = parts[0];
                mountedAt = parts[1];
            }
            if (declared.contains(source) && stripSlash(mountedAt).equals(stripSlash(target))) return source;
        }
        return null;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** [host port, container port] of each published port (short and long syntax). */
    private static List<int[]> publishedPorts(String service) {
        Object ports = services.get(service).get("ports");
        var result = new ArrayList<int[]>();
        if (!(ports instanceof List<?> list)) return result;
        for (Object port : list) {
            if (port instanceof Map<?, ?> m) {
                if (m.get("published") != null) {
                    result.add(new int[] {Integer.parseInt(String.valueOf(m.get("published"))), Integer.parseInt(String.valueOf(m.get("target")))});
                }
                continue;
            }
            String[] parts = String.valueOf(port).replaceAll("/\\w+$", "").split(":");
            if (parts.length >= 2) {
                result.add(new int[] {Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])});
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) fail(where + " should be a mapping, is " + value);
        return (Map<String, Object>) value;
    }

    /** The directory holding docker-compose.yml and mvnw: the repository root, from the module or from anywhere below. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) return dir;
        }
        throw new IllegalStateException("no docker-compose.yml with an mvnw beside it above " + Path.of("").toAbsolutePath());
    }

    private static String rootPomVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>harmony-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(version.find(), "no version in the root pom.xml");
        return version.group(1).trim();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path dir, int timeoutSeconds, String... command) throws InterruptedException, IOException {
        Path output = Files.createTempFile("compose-file-test", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            return new Result(-1, String.valueOf(e.getMessage()));   // no docker on the PATH
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
