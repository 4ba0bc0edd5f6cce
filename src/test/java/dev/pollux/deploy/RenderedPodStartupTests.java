package dev.pollux.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pollux.PolluxApplication;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.ProxyHeaders;
import dev.pollux.support.TestCertificates;
import dev.pollux.tls.ServerCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static dev.pollux.deploy.RenderedChart.at;
import static dev.pollux.deploy.RenderedChart.list;
import static dev.pollux.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real server started with the configuration the chart renders, on a directory tree laid out
 * like the pod's volumes: ConfigMaps and Secrets written where the Deployment mounts them, every
 * mount path moved under a temporary directory. Then the Deployment's probe paths must answer on
 * the management port, the capsules must serve, and every metric the Grafana dashboard queries
 * must exist.
 */
class RenderedPodStartupTests {

    @TempDir
    Path pod;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesEveryCapsuleOfTheMultiCapsuleScenarioAndTheDashboardsMetrics() throws Exception {
        RenderedChart chart = RenderedChart.render("multi-capsule", "servicemonitor");
        try (ConfigurableApplicationContext context = start(chart)) {
            int port = context.getBean(GeminiServer.class).port();
            assertProbesAnswer(chart, context);

            GeminiResponseBytes tiny = new GeminiTestClient(port).get("gemini://tiny.example.net:" + port + "/");
            assertThat(tiny.header()).isEqualTo("20 text/gemini\r\n");
            assertThat(tiny.bodyText()).startsWith("# Tiny");
            assertThat(new GeminiTestClient(port).get("gemini://example.org:" + port + "/").header()).isEqualTo("20 text/gemini; lang=en\r\n");
            assertThat(new GeminiTestClient(port).get("gemini://alice.users.example.org:" + port + "/").bodyText()).startsWith("# alice");
            assertThat(new GeminiTestClient(port).get("gemini://xn--bcher-kva.example:" + port + "/").bodyText()).startsWith("# Bücher");
            assertThat(new GeminiTestClient(port).get("gemini://nowhere.example:" + port + "/").header()).startsWith("53 ");

            String dashboard = (String) at(chart.get("ConfigMap", RenderedChart.FULLNAME + "-dashboard"), "data", "pollux.json");
            String metrics = get(managementPort(context), "/actuator/prometheus");
            assertThat(metricNames(dashboard)).isNotEmpty().allSatisfy(name ->
                    assertThat(metrics).as("metric %s", name).containsPattern("(?m)^" + name + "[{ ]"));
        }
    }

    @Test
    void servesTheCertificatesOfTheCapsulesTlsSecrets() throws Exception {
        RenderedChart chart = RenderedChart.render("existing-tls-secrets");
        try (ConfigurableApplicationContext context = start(chart)) {
            int port = context.getBean(GeminiServer.class).port();
            assertProbesAnswer(chart, context);
            for (String host : List.of("example.org", "notes.example.org")) {
                GeminiResponseBytes response = new GeminiTestClient(port).get("gemini://" + host + ":" + port + "/");
                assertThat(response.header()).as(host).isEqualTo("20 text/gemini\r\n");
                assertThat(response.serverFingerprint()).as(host).isEqualTo(secretCertificates.get(host).fingerprint());
            }
            // no Secret: a generated certificate, kept on the certificates volume
            assertThat(new GeminiTestClient(port).get("gemini://self-signed.example.org:" + port + "/").header()).isEqualTo("20 text/gemini\r\n");
            assertThat(pod.resolve("var/lib/pollux/certs")).isDirectoryContaining(file -> file.getFileName().toString().startsWith("self-signed.example.org"));
        }
    }

    @Test
    void theHelmTestPodsCommandGetsAResponseHeader(@TempDir Path chartCopy) throws Exception {
        RenderedChart chart = RenderedChart.render("multi-capsule");
        Map<String, Object> testPod = RenderedChart.renderTestPod(chartCopy, "multi-capsule");
        Map<String, Object> container = list(at(testPod, "spec", "containers")).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        list(container.get("env")).forEach(variable -> env.put((String) variable.get("name"), (String) variable.get("value")));
        assertThat(env).containsEntry("SERVICE", RenderedChart.FULLNAME + ":1965")
                .containsEntry("GEMINI_URL", "gemini://example.org:1965/")
                .containsEntry("GEMINI_HOST", "example.org");
        assertThat(at(container, "image")).isEqualTo(at(chart.container(), "image"));
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(testPod, "spec", "restartPolicy")).isEqualTo("Never");

        assumeTrue(openSslAvailable(), "the test pod's command needs sh and openssl");
        // as behind the Service: clients name port 1965, whatever port the pod listens on
        try (ConfigurableApplicationContext context = start(chart, "--pollux.server.public-port=1965")) {
            int port = context.getBean(GeminiServer.class).port();
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) container.get("command");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            builder.environment().put("SERVICE", "127.0.0.1:" + port);
            Process process = builder.start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).startsWith("20 text/gemini; lang=en");
        }
    }

    @Test
    void servesTheClientsOfAPROXYProtocolBalancerAndTheHelmTestAsksForReadiness(@TempDir Path chartCopy) throws Exception {
        RenderedChart chart = RenderedChart.render("proxy-protocol");
        Map<String, Object> container = list(at(RenderedChart.renderTestPod(chartCopy, "proxy-protocol"), "spec", "containers")).get(0);
        // the balancer, here, is this test on loopback
        try (ConfigurableApplicationContext context = start(chart, "--pollux.server.trusted-proxies=127.0.0.1/32")) {
            int port = context.getBean(GeminiServer.class).port();
            assertProbesAnswer(chart, context);
            GeminiResponseBytes response = new GeminiTestClient(port).proxyHeader(ProxyHeaders.v2("203.0.113.7", 4000, "192.0.2.1", 1965))
                    .get("gemini://example.org:" + port + "/");
            assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
            assertThatExceptionOfType(IOException.class).as("a client that bypasses the balancer")
                    .isThrownBy(() -> new GeminiTestClient(port).get("gemini://example.org:" + port + "/"));

            assumeTrue(commandAvailable("curl"), "the test pod's command needs sh and curl");
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) container.get("command");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("MANAGEMENT", "127.0.0.1:" + managementPort(context));
            Process process = builder.start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
        }
    }

    private static boolean openSslAvailable() {
        return commandAvailable("openssl");
    }

    private static boolean commandAvailable(String name) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + name).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final Map<String, ServerCertificate> secretCertificates = new LinkedHashMap<>();

    /** Lays the rendered volumes out under {@link #pod} and starts Pollux as the image's entry point would. */
    private ConfigurableApplicationContext start(RenderedChart chart, String... arguments) throws IOException {
        List<String> mountPaths = new ArrayList<>();
        Map<String, Object> volumes = new LinkedHashMap<>();
        list(chart.podSpec().get("volumes")).forEach(volume -> volumes.put((String) volume.get("name"), volume));
        for (Map<String, Object> mount : list(chart.container().get("volumeMounts"))) {
            String mountPath = (String) mount.get("mountPath");
            mountPaths.add(mountPath);
            Object configMap = at(volumes.get(mount.get("name")), "configMap", "name");
            Object subPath = mount.get("subPath");
            if (subPath != null) {
                // one file of the volume, such as jvm.options over the image's /app/jvm.options
                Files.createDirectories(inPod(mountPath).getParent());
                if (configMap != null) {
                    Files.writeString(inPod(mountPath), (String) map(at(chart.get("ConfigMap", (String) configMap), "data")).get(subPath));
                }
                continue;
            }
            Path directory = inPod(mountPath);
            Files.createDirectories(directory);
            if (configMap != null) {
                for (Map.Entry<String, Object> file : map(at(chart.get("ConfigMap", (String) configMap), "data")).entrySet()) {
                    Files.writeString(directory.resolve(file.getKey()), (String) file.getValue());
                }
            }
        }
        Map<String, Object> configuration = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(chart.applicationYaml()));
        for (Map<String, Object> capsule : list(at(configuration, "pollux", "capsules"))) {
            String hostname = (String) capsule.get("hostname");
            Object certificate = at(capsule, "tls", "certificate");
            if (certificate != null) {
                secretCertificates.put(hostname, TestCertificates.writeSelfSigned(inPod((String) certificate).getParent(), "tls", hostname));
            }
            Object root = capsule.get("root");
            if (root != null && !Files.exists(inPod(root + "/index.gmi"))) {
                Path content = inPod(((String) root).replace("{subdomain}", "alice"));
                Files.createDirectories(content);
                Files.writeString(content.resolve("index.gmi"), "# " + content.getFileName() + "\n");
            }
        }
        Path applicationYaml = pod.resolve("config/application.yml");
        Files.writeString(applicationYaml, new Yaml(new DumperOptions()).dump(underPod(configuration, mountPaths)));
        List<String> commandLine = new ArrayList<>(List.of(
                // what the image reads: its own /app/config/application.yml, then the chart's /config/application.yml
                "--spring.config.location=file:docker/application.yml,file:" + applicationYaml,
                "--pollux.server.address=127.0.0.1", "--pollux.server.port=0", "--management.server.port=0"));
        commandLine.addAll(List.of(arguments));
        return new SpringApplicationBuilder(PolluxApplication.class).run(commandLine.toArray(String[]::new));
    }

    private Path inPod(String absolutePath) {
        return pod.resolve(absolutePath.substring(1));
    }

    /** Every string under a mount path, moved under {@link #pod}. */
    private Object underPod(Object node, List<String> mountPaths) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> moved = new LinkedHashMap<>();
            map.forEach((key, value) -> moved.put(key, underPod(value, mountPaths)));
            return moved;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(value -> underPod(value, mountPaths)).toList();
        }
        if (node instanceof String text && mountPaths.stream().anyMatch(path -> text.equals(path) || text.startsWith(path + "/"))) {
            return inPod(text).toString();
        }
        return node;
    }

    private void assertProbesAnswer(RenderedChart chart, ConfigurableApplicationContext context) {
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = (String) at(chart.container(), probe, "httpGet", "path");
            assertThat(get(managementPort(context), path)).as(probe).contains("\"status\":\"UP\"");
        }
    }

    private static int managementPort(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    private String get(int port, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> metricNames(String dashboard) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?:pollux|jvm|process)_[a-z_]+").matcher(dashboard);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
