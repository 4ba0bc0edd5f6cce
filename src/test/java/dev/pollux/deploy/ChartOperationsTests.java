package dev.pollux.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.pollux.PolluxApplication;
import dev.pollux.config.PolluxProperties;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static dev.pollux.deploy.RenderedChart.FULLNAME;
import static dev.pollux.deploy.RenderedChart.at;
import static dev.pollux.deploy.RenderedChart.list;
import static dev.pollux.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart's objects for running Pollux in production: alerts, the network policy, and the stop sequence. */
class ChartOperationsTests {

    private static final Pattern METRIC = Pattern.compile("\\b(pollux_[a-z_]+)\\b");

    @TempDir
    Path directory;

    @Test
    void lintsWithTheOperationsObjectsTurnedOn() throws IOException {
        Path chart = copyOfChart();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> values = yaml.load(Files.readString(chart.resolve("values.yaml")));
        Map<String, Object> operations = yaml.load(Files.readString(RenderedChart.scenario("operations")));
        values.putAll(operations);
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(chart.resolve("values.yaml"), new Yaml(block).dump(values));

        LintResult result = new Helm(chart).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void everyAlertNamesOnlyMetricsThatPolluxPublishes() throws Exception {
        RenderedChart chart = RenderedChart.render("operations");
        Map<String, Object> rule = chart.get("PrometheusRule", FULLNAME);
        assertThat(at(rule, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");
        List<Map<String, Object>> alerts = list(at(rule, "spec", "groups", 0, "rules"));
        assertThat(alerts).extracting(alert -> alert.get("alert")).contains("PolluxCertificateExpiringSoon", "PolluxCertificateExpired",
                "PolluxHighErrorRatio", "PolluxHandshakeFailures", "PolluxNotReady", "PolluxDirectMemoryNearLimit");

        Set<String> published = publishedMetricNames();
        for (Map<String, Object> alert : alerts) {
            String expression = (String) alert.get("expr");
            Matcher names = METRIC.matcher(expression);
            Set<String> named = new TreeSet<>();
            while (names.find()) {
                named.add(names.group(1));
            }
            assertThat(named).as("metrics in %s: %s", alert.get("alert"), expression).isNotEmpty();
            assertThat(published).as("%s names them", alert.get("alert")).containsAll(named);
            assertThat(expression).as("scoped to this release's pods").contains("namespace=\"capsules\"").contains("pod=~\"" + FULLNAME + "-.*\"");
        }
    }

    @Test
    void letsGeminiInFromAnywhereAndTheManagementPortOnlyFromTheListedPeers() {
        Map<String, Object> policy = RenderedChart.render("operations").get("NetworkPolicy", FULLNAME);
        assertThat(at(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/instance")).isEqualTo(RenderedChart.RELEASE);
        assertThat(at(policy, "spec", "ingress", 0, "ports", 0, "port")).isEqualTo("gemini");
        assertThat(at(policy, "spec", "ingress", 0, "from")).as("from anywhere").isNull();
        assertThat(at(policy, "spec", "ingress", 1, "ports", 0, "port")).isEqualTo("management");
        assertThat(at(policy, "spec", "ingress", 1, "from", 0, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
                .isEqualTo("monitoring");
        assertThat(RenderedChart.render().find("NetworkPolicy", FULLNAME)).as("off by default").isEmpty();
        assertThat(RenderedChart.render().find("PrometheusRule", FULLNAME)).as("off by default").isEmpty();
    }

    @Test
    void pausesBeforeTheDrainAndFinishesBothWithinTheGracePeriod() {
        for (String scenario : List.of("default", "operations")) {
            RenderedChart chart = scenario.equals("default") ? RenderedChart.render() : RenderedChart.render(scenario);
            List<?> command = (List<?>) at(chart.container(), "lifecycle", "preStop", "exec", "command");
            assertThat(command).as(scenario).hasSize(2).first().isEqualTo("sleep");
            long pause = Long.parseLong((String) command.get(1));
            PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());
            long grace = ((Number) chart.podSpec().get("terminationGracePeriodSeconds")).longValue();
            assertThat(Duration.ofSeconds(pause).plus(pollux.server().drainTimeout())).as(scenario).isLessThan(Duration.ofSeconds(grace));
            assertThat(pause).as("longer than endpoint propagation, a few seconds").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void opensTheActuatorToTheProbesWhichCallThePodsAddress() {
        RenderedChart chart = RenderedChart.render();
        assertThat(ChartConfiguration.binder(chart.applicationYaml()).bind("management.server.address", String.class).get()).isEqualTo("0.0.0.0");
    }

    @Test
    void theChartsReadmeListsEveryValue() throws IOException {
        Map<String, Object> values = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));
        String readme = Files.readString(RenderedChart.CHART.resolve("README.md"));
        assertThat(values.keySet()).allSatisfy(key -> assertThat(readme).as("README.md names %s", key).containsPattern("`" + key + "[`.]"));
    }

    @Test
    void theDefaultImageTagIsTheOneTheBuildAndTheReadmeGive() throws IOException {
        Map<String, Object> chart = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RenderedChart.CHART.resolve("Chart.yaml")));
        String version = (String) chart.get("appVersion");
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<artifactId>pollux</artifactId>\n    <version>" + version + "</version>");
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("ARG VERSION=" + version);
        assertThat(Files.readString(Path.of("README.md"))).contains("docker build -t pollux:" + version + " .");
        assertThat(Files.readString(RenderedChart.CHART.resolve("README.md"))).contains("docker build -t pollux:" + version + " .");
        assertThat(at(RenderedChart.render().container(), "image")).isEqualTo("pollux:" + version);
    }

    /** The names of the samples a real server publishes after one request. */
    private Set<String> publishedMetricNames() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class).run(
                "--spring.config.location=optional:file:" + directory + "/", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--management.server.port=0", "--pollux.tls.certificate-directory=" + directory.resolve("certs"))) {
            int port = context.getBean(GeminiServer.class).port();
            new GeminiTestClient(port).get("gemini://localhost/");
            String management = context.getEnvironment().getRequiredProperty("local.management.port");
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Path copyOfChart() throws IOException {
        Path copy = directory.resolve("pollux");
        try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(RenderedChart.CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }
}
