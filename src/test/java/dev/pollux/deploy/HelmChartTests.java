package dev.pollux.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import dev.pollux.config.PolluxDefaults;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.RateLimitStore;
import dev.pollux.config.RateLimitStoreFailure;
import dev.pollux.config.ServerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

import static dev.pollux.deploy.RenderedChart.FULLNAME;
import static dev.pollux.deploy.RenderedChart.at;
import static dev.pollux.deploy.RenderedChart.list;
import static dev.pollux.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The Helm chart, linted and rendered by the real Helm library, checked against the server's own configuration. */
class HelmChartTests {

    private static final String MANAGEMENT_NAME = FULLNAME + "-management";

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "servce.type, LoadBalancer, servce",
            "config.server.drain-timout, 5s, drain-timout",
            "config.rate-limt, 60/5m, rate-limt",
            "certificates.persistance.enabled, false, persistance",
            "serviceMonitor.interal, 10s, interal"})
    void valuesSchemaRejectsAMisspeltKey(String key, String value, String misspelt) {
        assertThatIllegalStateException()
                .isThrownBy(() -> new Helm(RenderedChart.CHART).template().set(key, value).call())
                .withMessageContaining("schema")
                .withMessageContaining("additional properties '" + misspelt + "' not allowed");
    }

    @Test
    void valuesSchemaRejectsAMisspeltCapsuleSetting() {
        assertThatIllegalStateException().isThrownBy(() -> RenderedChart.render("misspelt-key"))
                .withMessageContaining("schema")
                .withMessageContaining("additional properties 'dirctory' not allowed");
    }

    @Test
    void exposesTheGeminiAndManagementPortsTheServerListensOn() {
        RenderedChart chart = RenderedChart.render();
        Binder config = ChartConfiguration.binder(chart.applicationYaml());
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());
        int defaultGeminiPort = Binder.get(new StandardEnvironment()).bindOrCreate("pollux.server", ServerProperties.class).port();

        assertThat(pollux.server().port()).isEqualTo(defaultGeminiPort).isEqualTo(1965);
        assertThat(containerPort(chart, "gemini")).isEqualTo(pollux.server().port());
        assertThat(config.bind("management.server.port", Integer.class).get())
                .isEqualTo(Integer.valueOf(polluxDefaults().getProperty("management.server.port")))
                .isEqualTo(containerPort(chart, "management"))
                .isEqualTo(9090);

        Map<String, Object> gemini = chart.get("Service", FULLNAME);
        assertThat(at(gemini, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(at(gemini, "spec", "ports", 0, "port")).isEqualTo(1965);
        assertThat(at(gemini, "spec", "ports", 0, "targetPort")).isEqualTo("gemini");
        assertThat(at(gemini, "spec", "ports", 0, "protocol")).isEqualTo("TCP");

        Map<String, Object> management = chart.get("Service", MANAGEMENT_NAME);
        assertThat(at(management, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(at(management, "spec", "ports", 0, "port")).isEqualTo(9090);
        assertThat(at(management, "spec", "ports", 0, "targetPort")).isEqualTo("management");
        assertThat(at(management, "spec", "selector")).isEqualTo(at(chart.deployment(), "spec", "selector", "matchLabels"));
    }

    @Test
    void probesCallTheActuatorHealthGroupsOnTheManagementPort() {
        RenderedChart chart = RenderedChart.render();
        StandardEnvironment defaults = polluxDefaults();
        assertThat(defaults.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(defaults.getProperty("management.endpoints.web.exposure.include")).contains("health");
        String basePath = defaults.getProperty("management.endpoints.web.base-path", "/actuator");
        Map<String, Object> container = chart.container();

        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo(basePath + "/health/liveness");
        assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo(basePath + "/health/liveness");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo(basePath + "/health/readiness");
        assertThat(defaults.getProperty("management.endpoint.health.group.liveness.include")).isNotBlank();
        assertThat(defaults.getProperty("management.endpoint.health.group.readiness.include")).contains("gemini");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
        }
    }

    @Test
    void runsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities() {
        RenderedChart chart = RenderedChart.render();
        Map<String, Object> pod = map(chart.podSpec().get("securityContext"));
        Map<String, Object> container = map(chart.container().get("securityContext"));

        assertThat(pod).containsEntry("runAsNonRoot", true);
        assertThat((Integer) pod.get("runAsUser")).isPositive();
        assertThat(at(pod, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(container).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("runAsNonRoot", true);
        assertThat((Integer) container.get("runAsUser")).isPositive();
        assertThat(at(container, "capabilities", "drop")).isEqualTo(List.of("ALL"));
        assertThat(at(container, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(chart.podSpec()).containsEntry("automountServiceAccountToken", false);
        // the JVM and the certificate store need somewhere to write
        assertThat(volumeFor(chart, "/tmp")).containsKey("emptyDir");
    }

    @Test
    void keepsGeneratedCertificatesOnAPersistentVolumeByDefault() {
        RenderedChart chart = RenderedChart.render();
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());
        String directory = pollux.tls().certificateDirectory().toString();

        assertThat(directory).isEqualTo("/var/lib/pollux/certs");
        assertThat(mount(chart, directory)).doesNotContainKey("readOnly");
        assertThat(at(volumeFor(chart, directory), "persistentVolumeClaim", "claimName")).isEqualTo(FULLNAME + "-certificates");
        Map<String, Object> claim = chart.get("PersistentVolumeClaim", FULLNAME + "-certificates");
        assertThat(at(claim, "metadata", "annotations", "helm.sh/resource-policy")).isEqualTo("keep");
    }

    @Test
    void readsItsConfigurationFromTheConfigMapMountedWhereSpringLooksForIt() {
        RenderedChart chart = RenderedChart.render();
        assertThat(env(chart, "SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("optional:file:/config/");
        assertThat(at(volumeFor(chart, "/config"), "configMap", "name")).isEqualTo(FULLNAME);
        assertThat(mount(chart, "/config")).containsEntry("readOnly", true);
    }

    @Test
    void addsTheJvmOptionsValueAfterTheImagesJvmOptions() {
        RenderedChart chart = RenderedChart.render();
        assertThat(mount(chart, "/app/jvm-extra.options")).containsEntry("subPath", "jvm-extra.options").containsEntry("readOnly", true);
        assertThat(at(volumeFor(chart, "/app/jvm-extra.options"), "configMap", "name")).isEqualTo(FULLNAME);
        assertThat(JvmOptions.parse(jvmExtraOptions(chart)).options()).as("by default, the image's jvm.options alone").isEmpty();
        assertThat(list(chart.container().get("env"))).noneMatch(variable -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")));

        String larger = jvmExtraOptions(RenderedChart.parse(new Helm(RenderedChart.CHART).template().withName(RenderedChart.RELEASE)
                .set("jvmOptions[0]", "-Xms96m").set("jvmOptions[1]", "-Xmx96m").call()));
        assertThat(JvmOptions.parse(larger).options()).containsExactly("-Xms96m", "-Xmx96m");
        assertThat(imageJvmOptions(larger).bytes("-Xmx")).as("added options win").isEqualTo(96L << 20);
        assertThat(checksum(new Helm(RenderedChart.CHART).template().withName(RenderedChart.RELEASE).set("jvmOptions[0]", "-Xmx96m").call()))
                .as("a change rolls the pods").isNotEqualTo(checksum(chart.yaml()));
    }

    @Test
    void limitsMemoryAboveWhatTheJvmOptionsLetTheJvmTake() {
        RenderedChart chart = RenderedChart.render();
        JvmOptions options = imageJvmOptions(jvmExtraOptions(chart));
        long jvmCaps = options.bytes("-Xmx") + options.bytes("-XX:MaxMetaspaceSize=") + options.bytes("-XX:ReservedCodeCacheSize=")
                + options.bytes("-XX:MaxDirectMemorySize=");
        // threads' stacks, symbols, the JIT's arenas, class space and BoringSSL's own allocations: measured at ~50 MiB
        long nativeMargin = 64L << 20;
        long limit = JvmOptions.size(((String) at(chart.container(), "resources", "limits", "memory")).replace("Mi", "m"));
        long request = JvmOptions.size(((String) at(chart.container(), "resources", "requests", "memory")).replace("Mi", "m"));
        assertThat(limit).isGreaterThanOrEqualTo(jvmCaps + nativeMargin);
        // the request is what Pollux uses under load: the heap plus the ~130 MiB outside it that bench/run measured
        assertThat(request).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(options.bytes("-Xmx") + (128L << 20));
    }

    @Test
    void givesTheServerLongerToStopThanItsDrainTimeout() {
        for (String scenario : List.of("multi-capsule", "existing-tls-secrets", "pvc-content", "servicemonitor")) {
            RenderedChart chart = RenderedChart.render(scenario);
            Duration drain = ChartConfiguration.bind(chart.applicationYaml()).server().drainTimeout();
            int grace = (Integer) chart.podSpec().get("terminationGracePeriodSeconds");
            assertThat(Duration.ofSeconds(grace)).as(scenario).isGreaterThan(drain.plusSeconds(5));
        }
    }

    @Test
    void rollsThePodsWhenTheConfigurationChanges() {
        Object unchanged = checksum(new Helm(RenderedChart.CHART).template().withName(RenderedChart.RELEASE).call());
        Object again = checksum(new Helm(RenderedChart.CHART).template().withName(RenderedChart.RELEASE).call());
        Object changed = checksum(new Helm(RenderedChart.CHART).template().withName(RenderedChart.RELEASE)
                .set("config.server.request-timeout", "5s").call());
        assertThat(unchanged).isNotNull().isEqualTo(again).isNotEqualTo(changed);
    }

    @Test
    void servesSeveralCapsulesFromANewContentVolumeAndAConfigMap() {
        RenderedChart chart = RenderedChart.render("multi-capsule");
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());

        assertThat(pollux.capsules()).extracting(capsule -> capsule.root().toString())
                .hasSize(4)
                .startsWith("/srv/gemini/example.org", "/srv/gemini/users/{subdomain}", "/srv/capsules/tiny-example-net");
        // a host name that is no Kubernetes name gets a safe, unique one
        assertThat(pollux.capsules().get(3).root().toString()).matches("/srv/capsules/bxcher-example-[0-9a-f]{7}");
        assertThat(pollux.capsules().get(0).cgi().enabled()).isTrue();
        assertThat(pollux.rateLimit()).hasToString("60/5m");
        assertThat(mount(chart, "/srv/gemini")).containsEntry("readOnly", true);
        assertThat(at(volumeFor(chart, "/srv/gemini"), "persistentVolumeClaim", "claimName")).isEqualTo(FULLNAME + "-content");
        assertThat(at(chart.get("PersistentVolumeClaim", FULLNAME + "-content"), "spec", "resources", "requests", "storage")).isEqualTo("2Gi");

        Map<String, Object> tiny = chart.get("ConfigMap", FULLNAME + "-content-tiny-example-net");
        assertThat(map(tiny.get("data"))).containsKeys("index.gmi", "about.gmi");
        assertThat(at(volumeFor(chart, "/srv/capsules/tiny-example-net"), "configMap", "name")).isEqualTo(FULLNAME + "-content-tiny-example-net");

        Map<String, Object> service = chart.get("Service", FULLNAME);
        assertThat(at(service, "spec", "type")).isEqualTo("LoadBalancer");
        assertThat(at(service, "spec", "externalTrafficPolicy")).isEqualTo("Local");
    }

    @Test
    void namesEveryObjectAndVolumeAsKubernetesRequires() {
        for (String scenario : List.of("multi-capsule", "existing-tls-secrets", "pvc-content", "servicemonitor")) {
            RenderedChart chart = RenderedChart.render(scenario);
            assertThat(chart.objects()).extracting(object -> (String) at(object, "metadata", "name")).as(scenario)
                    .allMatch(name -> name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
            assertThat(list(chart.podSpec().get("volumes"))).extracting(volume -> (String) volume.get("name")).as(scenario)
                    .doesNotHaveDuplicates()
                    .allMatch(name -> name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
        }
    }

    @Test
    void takesCapsuleCertificatesFromExistingAndCertManagerSecrets() {
        RenderedChart chart = RenderedChart.render("existing-tls-secrets");
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());

        assertThat(pollux.capsules().get(0).tls().certificate()).hasToString("/etc/pollux/tls/example-org/tls.crt");
        assertThat(pollux.capsules().get(0).tls().privateKey()).hasToString("/etc/pollux/tls/example-org/tls.key");
        assertThat(at(volumeFor(chart, "/etc/pollux/tls/example-org"), "secret", "secretName")).isEqualTo("example-org-tls");
        assertThat(mount(chart, "/etc/pollux/tls/example-org")).containsEntry("readOnly", true).doesNotContainKey("subPath");

        String certManagerSecret = FULLNAME + "-tls-notes-example-org";
        assertThat(pollux.capsules().get(1).tls().certificate()).hasToString("/etc/pollux/tls/notes-example-org/tls.crt");
        assertThat(at(volumeFor(chart, "/etc/pollux/tls/notes-example-org"), "secret", "secretName")).isEqualTo(certManagerSecret);
        List<Map<String, Object>> certificates = chart.all("Certificate");
        assertThat(certificates).hasSize(1);
        assertThat(at(certificates.get(0), "apiVersion")).isEqualTo("cert-manager.io/v1");
        assertThat(at(certificates.get(0), "spec", "secretName")).isEqualTo(certManagerSecret);
        assertThat(at(certificates.get(0), "spec", "dnsNames")).isEqualTo(List.of("notes.example.org"));
        assertThat(at(certificates.get(0), "spec", "issuerRef", "name")).isEqualTo("letsencrypt-dns");

        assertThat(pollux.capsules().get(2).tls().isConfigured()).isFalse();
        // certificates.persistence.enabled=false: generated certificates live as long as the pod
        assertThat(volumeFor(chart, "/var/lib/pollux/certs")).containsKey("emptyDir");
        assertThat(chart.all("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void servesContentFromAnExistingClaimOnSeveralReplicas() {
        RenderedChart chart = RenderedChart.render("pvc-content");
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());

        assertThat(pollux.capsules().get(0).root()).hasToString("/srv/gemini/sites/example");
        assertThat(at(volumeFor(chart, "/srv/gemini"), "persistentVolumeClaim", "claimName")).isEqualTo("gemini-content");
        assertThat(at(volumeFor(chart, "/var/lib/pollux/certs"), "persistentVolumeClaim", "claimName")).isEqualTo("pollux-certificates");
        assertThat(chart.all("PersistentVolumeClaim")).isEmpty();
        assertThat(at(chart.deployment(), "spec", "replicas")).isEqualTo(3);

        // the Service's port differs from the listener's: URLs naming it must be accepted
        assertThat(pollux.server().publicPort()).isEqualTo(1966);
        assertThat(pollux.server().port()).isEqualTo(containerPort(chart, "gemini"));
        Map<String, Object> service = chart.get("Service", FULLNAME);
        assertThat(at(service, "spec", "ports", 0, "port")).isEqualTo(1966);
        assertThat(at(service, "spec", "ports", 0, "nodePort")).isEqualTo(31965);

        Map<String, Object> budget = chart.get("PodDisruptionBudget", FULLNAME);
        assertThat(at(budget, "spec", "minAvailable")).isEqualTo(2);
        assertThat(at(budget, "spec", "selector", "matchLabels")).isEqualTo(at(chart.deployment(), "spec", "selector", "matchLabels"));
    }

    @Test
    void scrapesPrometheusMetricsFromTheManagementService() {
        RenderedChart chart = RenderedChart.render("servicemonitor");
        Map<String, Object> monitor = chart.get("ServiceMonitor", FULLNAME);
        assertThat(at(monitor, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");
        assertThat(at(monitor, "spec", "endpoints", 0, "port")).isEqualTo("management");
        assertThat(at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat(polluxDefaults().getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
        // the ServiceMonitor selects the management Service only
        Map<String, Object> selector = map(at(monitor, "spec", "selector", "matchLabels"));
        assertThat(map(at(chart.get("Service", MANAGEMENT_NAME), "metadata", "labels"))).containsAllEntriesOf(selector);
        assertThat(map(at(chart.get("Service", FULLNAME), "metadata", "labels"))).doesNotContainKey("app.kubernetes.io/component");

        Map<String, Object> autoscaler = chart.get("HorizontalPodAutoscaler", FULLNAME);
        assertThat(at(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo(FULLNAME);
        assertThat(at(chart.deployment(), "spec")).satisfies(spec -> assertThat(map(spec)).doesNotContainKey("replicas"));

        Map<String, Object> dashboard = chart.get("ConfigMap", FULLNAME + "-dashboard");
        assertThat(at(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        assertThat((String) at(dashboard, "data", "pollux.json")).contains("pollux_requests_seconds_count");
    }

    @Test
    void dashboardShowsTrafficLatencyConnectionsHandshakesCgiRateLimitsAndCertificateExpiry() throws Exception {
        String json = Files.readString(RenderedChart.CHART.resolve("dashboards/pollux.json"));
        Map<String, Object> dashboard = map(new Yaml().load(json));
        List<Map<String, Object>> panels = list(dashboard.get("panels"));
        assertThat(panels).extracting(panel -> (String) panel.get("title")).contains("Requests by status", "Latency percentiles",
                "Open connections", "TLS handshakes", "CGI requests by status", "Rate limited and rejected requests",
                "Days until certificate expiry");
        assertThat(panels).allSatisfy(panel -> assertThat(list(panel.get("targets"))).isNotEmpty());
        assertThat(json).contains("histogram_quantile(0.99").contains("outcome").contains("handler=\\\"cgi\\\"")
                .contains("status=\\\"44\\\"").contains("/ 86400");
        // the metrics themselves are checked against a running server in RenderedPodStartupTests
    }

    @Test
    void rendersNoOptionalObjectsByDefault() {
        RenderedChart chart = RenderedChart.render();
        assertThat(chart.objects()).extracting(object -> object.get("kind"))
                .containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "PersistentVolumeClaim", "Service", "Service", "Deployment");
        assertThat(ChartConfiguration.bind(chart.applicationYaml()).capsules()).isEmpty();
    }

    @Test
    void notesSayHowToReachTheCapsule() {
        assertThat(notes()).contains("kubectl port-forward --namespace capsules service/gemini-pollux 1965:1965")
                .contains("printf 'gemini://localhost/\\r\\n' | openssl s_client")
                .contains("helm test gemini")
                .doesNotContain("WARNING");
        assertThat(notes("multi-capsule")).contains("Capsules: example.org, *.users.example.org, tiny.example.net")
                .contains("kubectl get service --namespace capsules gemini-pollux")
                .contains("gemini://example.org/")
                .doesNotContain("rate limits count requests per client address");
        assertThat(notes("pvc-content")).contains("jsonpath=\"{.spec.ports[0].nodePort}\"");
    }

    @Test
    void notesWarnWhenGeneratedCertificatesAreNotPersistent() {
        assertThat(notes("existing-tls-secrets")).contains("WARNING: certificates.persistence.enabled is false");
    }

    @Test
    void notesWarnWhenRateLimitsCannotSeeClientAddresses() {
        String notes = notes("multi-capsule", "service.externalTrafficPolicy=Cluster");
        assertThat(notes).contains("rate limits count requests per client address");
    }

    @Test
    void turnsOnThePROXYProtocolForTheBalancersItTrusts(@TempDir Path chartCopy) {
        RenderedChart chart = RenderedChart.render("proxy-protocol");
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());
        assertThat(pollux.server().proxyProtocol()).isTrue();
        assertThat(pollux.server().trustedProxies()).containsExactly("10.0.0.0/16");
        assertThat(pollux.capsules().get(0).proxies()).singleElement().satisfies(mount -> {
            assertThat(mount.path()).isEqualTo("/wiki/");
            assertThat(mount.to()).isEqualTo("gemini://wiki.gemini.svc.cluster.local:1965/");
            assertThat(mount.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        });
        assertThat(at(chart.get("Service", FULLNAME), "metadata", "annotations", "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"))
                .isEqualTo("*");
        // clients' addresses come from the header: no warning about externalTrafficPolicy
        assertThat(notes("proxy-protocol")).contains("expects the PROXY protocol from a load balancer in 10.0.0.0/16")
                .doesNotContain("rate limits count requests per client address");
        // a pod in the cluster cannot send the balancer's header: helm test asks for readiness instead
        Map<String, Object> testPod = RenderedChart.renderTestPod(chartCopy, "proxy-protocol");
        assertThat(at(testPod, "spec", "containers", 0, "command")).asString()
                .contains("curl").contains("/actuator/health/readiness").doesNotContain("openssl");
        assertThat(ChartConfiguration.bind(RenderedChart.render().applicationYaml()).server().proxyProtocol()).isFalse();
    }

    @Test
    void sharesRateLimitsThroughRedisAndTicketKeysFromASecretAcrossReplicas() {
        RenderedChart chart = RenderedChart.render("replicas");
        PolluxProperties pollux = ChartConfiguration.bind(chart.applicationYaml());
        assertThat(pollux.rateLimitStore()).isEqualTo(RateLimitStore.REDIS);
        assertThat(pollux.rateLimitStoreFailure()).isEqualTo(RateLimitStoreFailure.DENY);
        Binder config = ChartConfiguration.binder(chart.applicationYaml());
        assertThat(config.bind("spring.data.redis.host", String.class).get()).isEqualTo("redis-master.redis.svc.cluster.local");
        assertThat(config.bind("spring.data.redis.port", Integer.class).get()).isEqualTo(6380);
        assertThat(config.bind("spring.data.redis.username", String.class).get()).isEqualTo("pollux");
        assertThat(config.bind("spring.data.redis.ssl.enabled", Boolean.class).get()).isTrue();
        assertThat(at(envEntry(chart, "SPRING_DATA_REDIS_PASSWORD"), "valueFrom", "secretKeyRef"))
                .isEqualTo(Map.of("name", "redis-auth", "key", "password"));

        assertThat(pollux.tls().sessionTicketKeys()).hasToString("/etc/pollux/ticket-keys/ticket-keys");
        assertThat(at(volumeFor(chart, "/etc/pollux/ticket-keys"), "secret", "secretName")).isEqualTo("pollux-ticket-keys");

        assertThat(notes("replicas")).doesNotContain("local rate-limit store").doesNotContain("TLS session ticket keys");
        assertThat(ChartConfiguration.bind(RenderedChart.render().applicationYaml()).rateLimitStore()).isEqualTo(RateLimitStore.LOCAL);
    }

    @Test
    void notesWarnWhenSeveralReplicasCountRateLimitsOnTheirOwn() {
        assertThat(notes("pvc-content")).contains("WARNING: 3 replicas with the local rate-limit store")
                .contains("a client resumes its session only on");
        assertThat(notes("autoscaling.enabled=true")).contains("the HorizontalPodAutoscaler runs up to 5 replicas with the local rate-limit store");
        assertThat(notes()).doesNotContain("local rate-limit store");
    }

    @Test
    void refusesRedisWithoutItsHost() {
        assertThatIllegalStateException().isThrownBy(() -> new Helm(RenderedChart.CHART).template().set("redis.enabled", "true").call())
                .withMessageContaining("redis.host: redis.enabled needs the Redis server's host name");
    }

    @Test
    void refusesThePROXYProtocolWithoutTrustedProxies() {
        assertThatIllegalStateException().isThrownBy(() -> new Helm(RenderedChart.CHART).template().set("proxyProtocol.enabled", "true").call())
                .withMessageContaining("proxyProtocol.trustedProxies: proxyProtocol.enabled needs the address ranges");
    }

    @Test
    void refusesAWildcardCapsuleWithoutItsSubdomainDirectory() {
        assertThatIllegalStateException().isThrownBy(() -> new Helm(RenderedChart.CHART).template()
                        .set("content.persistence.enabled", "true").set("capsules[0].hostname", "*.users.example.org").call())
                .withMessageContaining("capsules[0]: a wildcard host name needs directory");
    }

    /** NOTES.txt as `helm install --dry-run` prints it; a set is written key=value. */
    private static String notes(String... scenariosAndSets) {
        InstallCommand install = new Helm(RenderedChart.CHART).install().withName(RenderedChart.RELEASE).withNamespace("capsules")
                .clientOnly().dryRun().withDryRunOption(DryRun.CLIENT);
        for (String scenario : scenariosAndSets) {
            if (scenario.contains("=")) {
                install = install.set(scenario.substring(0, scenario.indexOf('=')), scenario.substring(scenario.indexOf('=') + 1));
            } else {
                install = install.withValuesFile(RenderedChart.scenario(scenario));
            }
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    static StandardEnvironment polluxDefaults() {
        StandardEnvironment environment = new StandardEnvironment();
        new PolluxDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static int containerPort(RenderedChart chart, String name) {
        return list(chart.container().get("ports")).stream().filter(port -> name.equals(port.get("name")))
                .map(port -> (Integer) port.get("containerPort")).findFirst().orElseThrow();
    }

    private static String env(RenderedChart chart, String name) {
        return list(chart.container().get("env")).stream().filter(variable -> name.equals(variable.get("name")))
                .map(variable -> (String) variable.get("value")).findFirst().orElseThrow();
    }

    private static Map<String, Object> envEntry(RenderedChart chart, String name) {
        return list(chart.container().get("env")).stream().filter(variable -> name.equals(variable.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + name));
    }

    private static String jvmExtraOptions(RenderedChart chart) {
        return (String) at(chart.get("ConfigMap", FULLNAME), "data", "jvm-extra.options");
    }

    /** What the pod's JVM reads: the repository's jvm.options (in the image), then the chart's additions. */
    private static JvmOptions imageJvmOptions(String extraOptions) {
        List<String> lines = new ArrayList<>(JvmOptions.read(JvmOptions.FILE).lines());
        lines.addAll(JvmOptions.parse(extraOptions).lines());
        return new JvmOptions(lines);
    }

    private static Map<String, Object> mount(RenderedChart chart, String path) {
        return list(chart.container().get("volumeMounts")).stream().filter(mount -> path.equals(mount.get("mountPath")))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static Map<String, Object> volumeFor(RenderedChart chart, String path) {
        Object name = mount(chart, path).get("name");
        return list(chart.podSpec().get("volumes")).stream().filter(volume -> name.equals(volume.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Object checksum(String yaml) {
        return yaml.lines().filter(line -> line.trim().startsWith("checksum/config:")).findFirst().orElse(null);
    }
}
