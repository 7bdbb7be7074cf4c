package io.harmony.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.harmony.kafka.TopicSetup;
import io.harmony.kafka.KafkaNames;

/**
 * The Kubernetes manifests of k8s/ (a kustomize base and the overlays dev and strimzi), rendered with
 * {@code kubectl kustomize} as {@code kubectl apply -k} would render them, and checked offline: every document against
 * the schema of its kind (Kubernetes' own, and Strimzi's CRDs for Strimzi's kinds; see {@link KubernetesSchemas} and
 * {@link StrimziSchemas}), then what the schemas cannot say: the image is the one the build makes, the conductor's
 * StatefulSet is governed by a headless Service, its probes ask the right endpoints, every container has requests and
 * limits that leave its JVM room, and the Strimzi topics are the ones the conductor creates.
 */
class KubernetesManifestsTest {
    private static final Path REPO = Path.of("../..");
    private static final String CONDUCTOR = "harmony-conductor";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static final long MIB = 1024 * 1024;
    /** What no JVM flag caps: thread stacks, RocksDB, GC and JIT structures, malloc arenas. */
    private static final long UNCAPPED_NATIVE = 256 * MIB;

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void everyDocumentMatchesTheSchemaOfItsKind(String kustomization) {
        KubernetesSchemas kubernetes = new KubernetesSchemas();
        StrimziSchemas strimzi = new StrimziSchemas(kubernetes);
        assertTrue(strimzi.size() >= 3, "Strimzi's CRDs were not found in io.strimzi:api:tests");
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : render(kustomization)) {
            String apiVersion = doc.path("apiVersion").asText();
            String kind = doc.path("kind").asText();
            String name = apiVersion + " " + kind + " " + doc.path("metadata").path("name").asText();
            Optional<JsonNode> schema = kubernetes.schemaOf(apiVersion, kind).or(() -> strimzi.schemaOf(apiVersion, kind));
            if (schema.isEmpty()) {
                problems.add(name + ": no schema for this kind (neither a built-in kind nor a Strimzi CRD)");
                continue;
            }
            for (ValidationMessage message : factory.getSchema(schema.get()).validate(doc)) {
                problems.add(name + ": " + message.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), "k8s/" + kustomization + " does not validate:\n  " + String.join("\n  ", problems));
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void theConductorRunsTheImageTheBuildMakes(String kustomization) throws Exception {
        String expected = "harmony/conductor:" + projectVersion();
        List<JsonNode> containers = containers(conductor(kustomization));
        assertFalse(containers.isEmpty());
        for (JsonNode container : containers) {
            assertEquals(expected, container.path("image").asText(), "image of container " + container.path("name").asText()
                    + " in k8s/" + kustomization + "; the build tags harmony/conductor with the root pom.xml's version");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void theStatefulSetIsGovernedByAHeadlessServiceItsReplicasAdvertise(String kustomization) {
        List<JsonNode> docs = render(kustomization);
        JsonNode statefulSet = conductor(kustomization);
        String serviceName = statefulSet.path("spec").path("serviceName").asText();
        JsonNode headless = find(docs, "Service", serviceName)
                .orElseThrow(() -> new AssertionError("serviceName " + serviceName + " names no Service"));
        assertEquals("None", headless.path("spec").path("clusterIP").asText(), serviceName + " must be headless");
        assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean(), serviceName
                + ": a replica restoring its state must be reachable by name before it is ready");
        assertTrue(selects(headless.path("spec").path("selector"), podLabels(statefulSet)), serviceName + " selects no conductor pod");

        JsonNode forClients = find(docs, "Service", CONDUCTOR).orElseThrow(() -> new AssertionError("no Service " + CONDUCTOR));
        assertFalse("None".equals(forClients.path("spec").path("clusterIP").asText()), CONDUCTOR + " is the clients' Service");
        assertTrue(selects(forClients.path("spec").path("selector"), podLabels(statefulSet)));

        String advertised = env(statefulSet, "HARMONY_ADVERTISED_ADDRESS");
        assertTrue(advertised.startsWith("$(POD_NAME)." + serviceName + ".$(POD_NAMESPACE).svc") && advertised.endsWith(":8888"),
                "HARMONY_ADVERTISED_ADDRESS must be the pod's stable name under " + serviceName + ", port 8888: " + advertised);
        JsonNode container = containers(statefulSet).get(0);
        assertEquals("metadata.name", envField(container, "POD_NAME"));
        assertEquals("metadata.namespace", envField(container, "POD_NAMESPACE"));
        assertEquals("/data", env(statefulSet, "HARMONY_DATA_DIR"));
        JsonNode claims = statefulSet.path("spec").path("volumeClaimTemplates");
        assertTrue(stream(claims).anyMatch(c -> c.path("metadata").path("name").asText().equals(mountAt(container, "/data"))),
                "the data dir must be a volume claim template (one volume per replica)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void probesAskTheirHealthEndpoints(String kustomization) {
        JsonNode container = containers(conductor(kustomization)).get(0);
        Map<String, String> expected = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        expected.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), probe);
            assertEquals(8888, port(container, get.path("port")), probe + " port");
            assertFalse(get.has("scheme") && !get.path("scheme").asText().equals("HTTP"), probe + " scheme");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void everyContainerHasRequestsAndLimits(String kustomization) {
        List<String> missing = new ArrayList<>();
        for (JsonNode workload : workloads(render(kustomization))) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (JsonNode container : concat(pod.path("initContainers"), pod.path("containers"))) {
                String where = workload.path("kind").asText() + " " + workload.path("metadata").path("name").asText() + "/"
                        + container.path("name").asText();
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (!container.path("resources").path(kind).has(resource)) {
                            missing.add(where + ": no " + kind + "." + resource);
                        }
                    }
                }
                JsonNode resources = container.path("resources");
                if (resources.path("requests").has("memory") && resources.path("limits").has("memory")
                        && bytes(resources.path("requests").path("memory").asText()) > bytes(resources.path("limits").path("memory").asText())) {
                    missing.add(where + ": memory request above its limit");
                }
            }
        }
        assertTrue(missing.isEmpty(), "k8s/" + kustomization + ":\n  " + String.join("\n  ", missing));
    }

    /** The heap is a share of the memory limit, and heap plus the capped non-heap areas leave room for the rest. */
    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void theJvmFitsItsMemoryLimit(String kustomization) {
        JsonNode statefulSet = conductor(kustomization);
        String javaOpts = env(statefulSet, "JAVA_OPTS");
        assertFalse(javaOpts.matches(".*-Xm[sx]\\S+.*"), "size the heap from the container limit (MaxRAMPercentage), not -Xms/-Xmx: " + javaOpts);
        long limit = bytes(containers(statefulSet).get(0).path("resources").path("limits").path("memory").asText());
        double heapShare = Double.parseDouble(flag(javaOpts, "-XX:MaxRAMPercentage=([0-9.]+)")) / 100;
        long heap = (long) (limit * heapShare);
        long young = bytes(flag(javaOpts, "-Xmn(\\d+[kmgKMG])"));
        long capped = heap + bytes(flag(javaOpts, "-XX:MaxMetaspaceSize=(\\d+[kmgKMG])"))
                + bytes(flag(javaOpts, "-XX:ReservedCodeCacheSize=(\\d+[kmgKMG])"))
                + bytes(flag(javaOpts, "-XX:MaxDirectMemorySize=(\\d+[kmgKMG])"));
        assertTrue(young < heap / 2, "young generation " + young / MIB + " MiB leaves too little old generation in a " + heap / MIB + " MiB heap");
        assertTrue(capped + UNCAPPED_NATIVE <= limit, "k8s/" + kustomization + ": heap + metaspace + code cache + direct = "
                + capped / MIB + " MiB leaves less than " + UNCAPPED_NATIVE / MIB + " MiB of a " + limit / MIB + " MiB limit for threads, RocksDB and GC");
    }

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/strimzi" })
    void aDisruptionBudgetAndAntiAffinitySpreadTheReplicas(String kustomization) {
        List<JsonNode> docs = render(kustomization);
        JsonNode statefulSet = conductor(kustomization);
        Map<String, String> labels = podLabels(statefulSet);
        JsonNode budget = docs.stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
                .filter(d -> selects(d.path("spec").path("selector").path("matchLabels"), labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects the conductor pods"));
        assertTrue(budget.path("spec").has("maxUnavailable") || budget.path("spec").has("minAvailable"));

        JsonNode antiAffinity = statefulSet.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity");
        List<JsonNode> terms = new ArrayList<>();
        antiAffinity.path("requiredDuringSchedulingIgnoredDuringExecution").forEach(terms::add);
        antiAffinity.path("preferredDuringSchedulingIgnoredDuringExecution").forEach(t -> terms.add(t.path("podAffinityTerm")));
        assertTrue(terms.stream().anyMatch(t -> t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                && selects(t.path("labelSelector").path("matchLabels"), labels)), "no pod anti-affinity across nodes for the conductor pods");
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/strimzi" })
    void redisSendsKeyspaceNotificationsAndKeepsAnAppendOnlyFile(String kustomization) {
        List<JsonNode> docs = render(kustomization);
        Map<String, String> config = conductorConfig(kustomization);
        Matcher address = Pattern.compile("redis://([^:/]+):(\\d+)").matcher(config.get("QUARKUS_REDIS_HOSTS"));
        assertTrue(address.matches(), config.get("QUARKUS_REDIS_HOSTS"));
        JsonNode service = find(docs, "Service", address.group(1)).orElseThrow(() -> new AssertionError("no Service " + address.group(1)));
        assertTrue(stream(service.path("spec").path("ports")).anyMatch(p -> p.path("port").asInt() == Integer.parseInt(address.group(2))));
        JsonNode redis = workloads(docs).stream().filter(w -> selects(service.path("spec").path("selector"), podLabels(w))).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + address.group(1) + " selects no workload"));
        JsonNode container = containers(redis).get(0);
        List<String> args = new ArrayList<>();
        concat(container.path("command"), container.path("args")).forEach(a -> args.add(a.asText()));
        String events = argument(args, "--notify-keyspace-events");
        assertTrue(events != null && events.contains("K") && events.contains("E") && events.contains("A"),
                "Redis must publish keyspace notifications (notify-keyspace-events KEA) for the state watcher: " + args);
        assertEquals("yes", argument(args, "--appendonly"), "Redis must keep an append-only file: " + args);
    }

    @Test
    void devRunsTheKafkaOfDockerCompose() throws IOException {
        List<JsonNode> docs = render("overlays/dev");
        JsonNode compose = YAML.readTree(REPO.resolve("docker-compose.yml").toFile());
        String image = compose.path("services").path("kafka").path("image").asText();
        Map<String, String> config = conductorConfig("overlays/dev");
        String[] bootstrap = config.get("KAFKA_BOOTSTRAP_SERVERS").split(":");
        JsonNode service = find(docs, "Service", bootstrap[0]).orElseThrow(() -> new AssertionError("no Service " + bootstrap[0]));
        JsonNode kafka = workloads(docs).stream().filter(w -> selects(service.path("spec").path("selector"), podLabels(w))).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + bootstrap[0] + " selects no workload"));
        assertEquals(image, containers(kafka).get(0).path("image").asText(), "the dev Kafka is docker-compose.yml's");
        assertEquals("PLAINTEXT://" + config.get("KAFKA_BOOTSTRAP_SERVERS"), env(kafka, "KAFKA_ADVERTISED_LISTENERS"));
        assertEquals("1", config.get("HARMONY_KAFKA_REPLICATION_FACTOR"), "one broker, one replica");
        assertEquals("1", config.get("HARMONY_KAFKA_MIN_INSYNC_REPLICAS"));
    }

    @Test
    void strimziRunsKafkaInKRaftModeWithANodePool() {
        List<JsonNode> docs = render("overlays/strimzi");
        JsonNode kafka = docs.stream().filter(d -> d.path("kind").asText().equals("Kafka")).findFirst()
                .orElseThrow(() -> new AssertionError("no Kafka"));
        String cluster = kafka.path("metadata").path("name").asText();
        List<JsonNode> pools = docs.stream().filter(d -> d.path("kind").asText().equals("KafkaNodePool"))
                .filter(p -> p.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(cluster)).toList();
        Set<String> roles = new TreeSet<>();
        pools.forEach(p -> p.path("spec").path("roles").forEach(r -> roles.add(r.asText())));
        assertEquals(Set.of("broker", "controller"), roles, "KRaft: the node pools must run the controllers and the brokers");
        int brokers = pools.stream().filter(p -> stream(p.path("spec").path("roles")).anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();

        Map<String, String> config = conductorConfig("overlays/strimzi");
        JsonNode plain = stream(kafka.path("spec").path("kafka").path("listeners")).filter(l -> !l.path("tls").asBoolean())
                .findFirst().orElseThrow(() -> new AssertionError("no plain listener"));
        assertEquals(cluster + "-kafka-bootstrap:" + plain.path("port").asInt(), config.get("KAFKA_BOOTSTRAP_SERVERS"));
        int replication = Integer.parseInt(config.get("HARMONY_KAFKA_REPLICATION_FACTOR"));
        int minInSync = Integer.parseInt(config.get("HARMONY_KAFKA_MIN_INSYNC_REPLICAS"));
        assertTrue(replication <= brokers && minInSync < replication, "replication " + replication + ", min in sync " + minInSync
                + " on " + brokers + " brokers: a write must survive one broker down");
        assertTrue(kafka.path("spec").path("entityOperator").has("topicOperator"), "the KafkaTopics need the Topic Operator");
    }

    /** Each topic the conductor would create has its KafkaTopic, with the same partitions and settings. */
    @Test
    void strimziDeclaresTheTopicsTheConductorCreates() throws Exception {
        List<JsonNode> docs = render("overlays/strimzi");
        Map<String, String> config = conductorConfig("overlays/strimzi");
        int partitions = Integer.parseInt(config.get("HARMONY_KAFKA_PARTITIONS"));
        int replication = Integer.parseInt(config.get("HARMONY_KAFKA_REPLICATION_FACTOR"));
        Map<String, NewTopic> created = topicsTheConductorCreates(partitions, replication,
                Integer.parseInt(config.get("HARMONY_KAFKA_MIN_INSYNC_REPLICAS")));

        Set<String> named = new TreeSet<>();
        for (var field : KafkaNames.Topics.class.getFields()) {
            named.add((String) field.get(null));
        }
        assertEquals(named, created.keySet(), "TopicSetup.plan and KafkaNames.Topics disagree");

        Map<String, JsonNode> declared = new TreeMap<>();
        docs.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic")).forEach(t -> declared.put(
                t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()), t.path("spec")));
        assertEquals(created.keySet(), declared.keySet(), "KafkaTopics of k8s/overlays/strimzi");
        for (NewTopic topic : created.values()) {
            JsonNode spec = declared.get(topic.name());
            assertEquals(topic.numPartitions(), spec.path("partitions").asInt(), topic.name() + " partitions");
            assertEquals(replication, spec.path("replicas").asInt(), topic.name() + " replicas");
            if (topic.replicationFactor() > 0) {
                assertEquals(topic.replicationFactor(), spec.path("replicas").asInt(), topic.name() + " replicas");
            }
            Map<String, String> expected = new TreeMap<>(topic.configs() == null ? Map.of() : topic.configs());
            expected.put("min.insync.replicas", config.get("HARMONY_KAFKA_MIN_INSYNC_REPLICAS"));
            Map<String, String> actual = new TreeMap<>();
            spec.path("config").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
            assertEquals(expected, actual, topic.name() + " config");
        }
    }

    // --- what the conductor creates ---

    /**
     * The conductor's own topics as TopicSetup creates them with this replication (Streams' changelogs, which it also
     * creates, are internal and not declared as KafkaTopics: the unidirectional Topic Operator leaves them alone).
     */
    private static Map<String, NewTopic> topicsTheConductorCreates(int partitions, int replication, int minInSync) throws Exception {
        var setup = TopicSetup.Replication.of(java.util.OptionalInt.of(replication), java.util.OptionalInt.of(minInSync), replication);
        return TopicSetup.plan(partitions, setup).stream().filter(t -> !t.name().startsWith(KafkaNames.APPLICATION_ID + "-"))
                .collect(Collectors.toMap(NewTopic::name, t -> t, (a, b) -> a, TreeMap::new));
    }

    // --- rendering and reading the manifests ---

    private static List<JsonNode> render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> {
            Path directory = REPO.resolve("k8s").resolve(k);
            String kubectl = kubectl();
            try {
                Process process = new ProcessBuilder(kubectl, "kustomize", directory.toString())
                        .redirectErrorStream(false).start();
                byte[] out = process.getInputStream().readAllBytes();
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    fail("kubectl kustomize " + directory + " failed: " + err);
                }
                List<JsonNode> docs = new ArrayList<>();
                YAML.readerFor(JsonNode.class).readValues(out).forEachRemaining(d -> {
                    if (d instanceof JsonNode node && !node.isNull() && !node.isEmpty()) {
                        docs.add(node);
                    }
                });
                assertFalse(docs.isEmpty(), "kubectl kustomize " + directory + " rendered nothing");
                return docs;
            } catch (IOException e) {
                throw new AssertionError("cannot run " + kubectl, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    /** kubectl from the PATH: it renders the kustomizations exactly as {@code kubectl apply -k} does. */
    private static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "kubectl");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return fail("kubectl is not on the PATH: KubernetesManifestsTest renders k8s/ with `kubectl kustomize` "
                + "(kubectl 1.21 or later: the overlays use kustomize components). `bash .ci/run` installs one when it is "
                + "missing (into target/tools); or install kubectl and run the test again.");
    }

    private static String projectVersion() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(REPO.resolve("pom.xml").toFile());
        var children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals("version")) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError("the root pom.xml has no <version>");
    }

    private static JsonNode conductor(String kustomization) {
        return find(render(kustomization), "StatefulSet", CONDUCTOR)
                .orElseThrow(() -> new AssertionError("k8s/" + kustomization + " has no StatefulSet " + CONDUCTOR));
    }

    /** The conductor's environment from its ConfigMap (whose name kustomize suffixes with a hash). */
    private static Map<String, String> conductorConfig(String kustomization) {
        JsonNode container = containers(conductor(kustomization)).get(0);
        Map<String, String> config = new HashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText(null);
            if (name != null) {
                find(render(kustomization), "ConfigMap", name).orElseThrow(() -> new AssertionError("no ConfigMap " + name))
                        .path("data").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            }
        }
        return config;
    }

    private static Optional<JsonNode> find(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    private static List<JsonNode> workloads(List<JsonNode> docs) {
        Set<String> kinds = Set.of("StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Job");
        return docs.stream().filter(d -> kinds.contains(d.path("kind").asText())).toList();
    }

    private static List<JsonNode> containers(JsonNode workload) {
        return stream(workload.path("spec").path("template").path("spec").path("containers")).toList();
    }

    private static Map<String, String> podLabels(JsonNode workload) {
        Map<String, String> labels = new HashMap<>();
        workload.path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        List<Map.Entry<String, JsonNode>> terms = new ArrayList<>();
        selector.fields().forEachRemaining(terms::add);
        return terms.stream().allMatch(t -> t.getValue().asText().equals(labels.get(t.getKey())));
    }

    /** A plain env value of the conductor container, or fails. */
    private static String env(JsonNode workload, String name) {
        JsonNode container = containers(workload).get(0);
        return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).findFirst()
                .map(e -> e.path("value").asText()).orElseThrow(() -> new AssertionError("no env " + name + " in "
                        + workload.path("metadata").path("name").asText()));
    }

    private static String envField(JsonNode container, String name) {
        return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).findFirst()
                .map(e -> e.path("valueFrom").path("fieldRef").path("fieldPath").asText()).orElse(null);
    }

    private static String mountAt(JsonNode container, String path) {
        return stream(container.path("volumeMounts")).filter(m -> m.path("mountPath").asText().equals(path)).findFirst()
                .map(m -> m.path("name").asText()).orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static int port(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        return stream(container.path("ports")).filter(p -> p.path("name").asText().equals(port.asText())).findFirst()
                .map(p -> p.path("containerPort").asInt()).orElseThrow(() -> new AssertionError("no container port " + port));
    }

    private static String argument(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    private static String flag(String javaOpts, String regex) {
        Matcher m = Pattern.compile(regex).matcher(javaOpts);
        assertTrue(m.find(), "JAVA_OPTS lacks " + regex + ": " + javaOpts);
        return m.group(1);
    }

    /** A binary Kubernetes quantity ("2Gi", "768Mi") or a JVM size ("192m") in bytes. */
    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|m|g)?").matcher(size);
        assertTrue(m.matches(), "unexpected size " + size);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "" -> n;
            case "Ki", "k" -> n * 1024;
            case "Mi", "m" -> n * MIB;
            case "Gi", "g" -> n * 1024 * MIB;
            default -> throw new AssertionError("unit " + unit + " of " + size);
        };
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<JsonNode> concat(JsonNode first, JsonNode second) {
        return Stream.concat(stream(first), stream(second)).toList();
    }

}
