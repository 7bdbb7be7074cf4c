package io.harmony.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README's package graph is the one the imports draw, and it has no cycle: a package that starts to depend on
 * another fails here until the README says so, and two packages that depend on each other fail here for good.
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java/io/harmony");
    private static final Path README = Path.of("../../README.md");
    /** Any reference to another top-level package, imported or written out in full. */
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])io\\.harmony\\.([a-z]+)\\.");
    private static final String BEGIN = "<!-- package-graph -->";
    private static final String END = "<!-- /package-graph -->";

    @Test
    void theReadmeDrawsTheGraphTheImportsDraw() throws IOException {
        assertEquals(render(graphOfSources()), readmeGraph(), "README.md's package graph (between " + BEGIN + " and " + END
                + ") differs from the imports of src/main; this is what they draw now");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> graph = graphOfSources();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertTrue(cycle.isEmpty(), "import cycle: " + String.join(" → ", cycle));
        }
    }

    private static Map<String, Set<String>> graphOfSources() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // io.harmony itself (the main class) is the root, not a package of the graph
                }
                String pkg = relative.getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    private static String render(Map<String, Set<String>> graph) {
        StringBuilder out = new StringBuilder();
        graph.forEach((pkg, uses) -> out.append(String.format("%-10s → %s%n", pkg, uses.isEmpty() ? "(nothing)" : String.join(" ", uses))));
        return out.toString();
    }

    private static String readmeGraph() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no " + BEGIN + " … " + END + " block");
        String block = readme.substring(begin + BEGIN.length(), end);
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.contains("→")) {
                out.append(line.stripTrailing()).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> graph, List<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, graph, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }
}
