package dev.pollux.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart in {@code helm/pollux}, rendered by the real Helm library (helm-java) as
 * {@code helm template gemini helm/pollux --namespace capsules -f <values>...} would, and parsed
 * into one map per Kubernetes object.
 */
record RenderedChart(String yaml, List<Map<String, Object>> objects) {

    static final Path CHART = Path.of("helm/pollux");

    static final String RELEASE = "gemini";

    static final String FULLNAME = "gemini-pollux";

    static RenderedChart render(String... scenarios) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace("capsules");
        for (String scenario : scenarios) {
            template = template.withValuesFile(scenario(scenario));
        }
        return parse(template.call());
    }

    static RenderedChart parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                objects.add(map(document));
            }
        }
        return new RenderedChart(yaml, objects);
    }

    /**
     * The {@code helm test} pod. Helm's template command leaves hooks out, so this renders a copy
     * of the chart whose test pod has lost its hook annotations and is rendered like any object.
     */
    static Map<String, Object> renderTestPod(Path workDirectory, String... scenarios) {
        try {
            Path copy = workDirectory.resolve("pollux");
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            Path testPod = copy.resolve("templates/tests/test-connection.yaml");
            List<String> unhooked = Files.readAllLines(testPod).stream().filter(line -> !line.contains("helm.sh/hook")).toList();
            Files.write(testPod, unhooked);
            TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace("capsules");
            for (String scenario : scenarios) {
                template = template.withValuesFile(scenario(scenario).toAbsolutePath());
            }
            RenderedChart chart = parse(template.call());
            return chart.get("Pod", FULLNAME + "-test-connection");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A values file under src/test/resources/helm. */
    static Path scenario(String name) {
        return Path.of("src/test/resources/helm", name + ".yaml");
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return all(kind).stream().filter(object -> name.equals(at(object, "metadata", "name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in\n" + yaml));
    }

    Map<String, Object> deployment() {
        return get("Deployment", FULLNAME);
    }

    Map<String, Object> podSpec() {
        return map(at(deployment(), "spec", "template", "spec"));
    }

    Map<String, Object> container() {
        List<Map<String, Object>> containers = list(podSpec().get("containers"));
        return containers.get(0);
    }

    /** The server's application.yml, as the chart's ConfigMap holds it. */
    String applicationYaml() {
        return (String) at(get("ConfigMap", FULLNAME), "data", "application.yml");
    }

    /** Follows keys (and list indexes) into nested maps and lists; null when a step is missing. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer index) {
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) Objects.requireNonNull(node);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
