package dev.pollux.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pollux.PolluxApplication;
import dev.pollux.config.PolluxProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import static dev.pollux.deploy.RenderedChart.list;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's conventions, read as instructions (this build has no Docker engine): a
 * multi-stage build, Spring Boot's layers, the repository's jvm.options, a class data sharing
 * archive trained in the runtime stage, a numeric non-root user, the two ports, the healthcheck
 * on the liveness probe, and nothing secret copied in.
 */
class DockerfileTests {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().trim());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> all(String keyword) throws IOException {
        return instructions().stream().filter(instruction -> instruction.startsWith(keyword + " "))
                .map(instruction -> instruction.substring(keyword.length() + 1).trim()).toList();
    }

    /** The instructions of the final stage. */
    private static List<String> runtimeStage() throws IOException {
        List<String> instructions = instructions();
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    @Test
    void buildsFromSourceWithMavenAndRunsOnATemurinJre() throws IOException {
        List<String> stages = all("FROM");
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("eclipse-temurin:17-jdk").endsWith(" AS build");
        assertThat(stages.get(1)).startsWith("eclipse-temurin:").contains("-jre");
        assertThat(all("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
    }

    @Test
    void copiesSpringBootsLayersSoDependenciesAreCachedSeparately() throws IOException {
        // without --launcher: a plain application jar whose manifest lists lib/*.jar, for the JDK's class loader and CDS
        assertThat(all("RUN")).anyMatch(run -> run.contains("-Djarmode=tools -jar /tmp/pollux.jar extract --layers --destination /extracted")
                && !run.contains("--launcher"));
        List<String> copies = runtimeStage().stream().filter(instruction -> instruction.startsWith("COPY --from=build")).toList();
        assertThat(copies).extracting(copy -> copy.split("\\s+")[2])
                .containsExactly("/extracted/dependencies/", "/extracted/spring-boot-loader/",
                        "/extracted/snapshot-dependencies/", "/extracted/application/");
        assertThat(entrypoint()).endsWith("-jar", "/app/pollux.jar");
    }

    @Test
    void startsTheJvmWithTheRepositorysJvmOptionsThenLocalAdditions() throws IOException {
        List<String> entrypoint = entrypoint();
        assertThat(entrypoint).startsWith("java", "@/app/jvm.options");
        assertThat(runtimeStage()).contains("COPY jvm.options /app/jvm.options");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("!jvm.options");
        // additions come last, so they override: the chart mounts its jvmOptions value there
        assertThat(entrypoint.indexOf("@/app/jvm-extra.options")).isGreaterThan(entrypoint.indexOf("@/app/jvm.options"))
                .isGreaterThan(entrypoint.indexOf("-XX:SharedArchiveFile=/app/pollux.jsa"))
                .isLessThan(entrypoint.indexOf("-jar"));
        assertThat(runtimeStage()).anyMatch(instruction -> instruction.startsWith("RUN ") && instruction.endsWith("> /app/jvm-extra.options"));
        assertThat(RenderedChart.render().container()).extracting(container -> list(container.get("volumeMounts")))
                .satisfies(mounts -> assertThat(mounts).anyMatch(mount -> "/app/jvm-extra.options".equals(mount.get("mountPath"))
                        && "jvm-extra.options".equals(mount.get("subPath"))));
        // memory is set by jvm.options, not by a percentage of the container's limit
        assertThat(all("ENV")).noneMatch(env -> env.contains("MaxRAMPercentage"));
    }

    @Test
    void buildsAClassDataSharingArchiveWithTheJreAndJarsItRuns() throws IOException {
        List<String> entrypoint = entrypoint();
        String archive = entrypoint.stream().filter(option -> option.startsWith("-XX:SharedArchiveFile="))
                .map(option -> option.substring("-XX:SharedArchiveFile=".length())).findFirst().orElseThrow();
        List<String> runtime = runtimeStage();
        String training = runtime.stream().filter(instruction -> instruction.startsWith("RUN ") && instruction.contains("-XX:ArchiveClassesAtExit="))
                .findFirst().orElseThrow();
        // in the runtime stage (the archive belongs to that JRE), with the options and jar the container starts with
        assertThat(training).startsWith("RUN java @/app/jvm.options ")
                .contains("-XX:ArchiveClassesAtExit=" + archive + " ")
                .contains("-Dspring.context.exit=onRefresh")
                .contains("-jar /app/pollux.jar");
        // after the application's files, before dropping root
        assertThat(runtime.indexOf(training)).isGreaterThan(runtime.indexOf("COPY --from=build /extracted/application/ ./"))
                .isGreaterThan(runtime.indexOf("COPY jvm.options /app/jvm.options"))
                .isLessThan(runtime.indexOf(runtime.stream().filter(instruction -> instruction.startsWith("USER ")).findFirst().orElseThrow()));
        // the training run's generated certificate and key do not stay in the image
        Matcher directory = Pattern.compile("--pollux\\.tls\\.certificate-directory=(\\S+)").matcher(training);
        assertThat(directory.find()).isTrue();
        assertThat(training).contains("rm -rf " + directory.group(1));
    }

    /** The ENTRYPOINT's exec-form words. */
    private static List<String> entrypoint() throws IOException {
        List<String> entrypoints = all("ENTRYPOINT");
        assertThat(entrypoints).hasSize(1);
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(entrypoints.get(0));
        List<String> words = new ArrayList<>();
        while (word.find()) {
            words.add(word.group(1));
        }
        return words;
    }

    @Test
    void runsAsANumericNonRootUser() throws IOException {
        List<String> users = runtimeStage().stream().filter(instruction -> instruction.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        String user = users.get(0).substring(5).split(":")[0];
        assertThat(user).matches("[0-9]+");
        assertThat(Integer.parseInt(user)).isPositive();
        // the same user the Helm chart runs as
        assertThat(RenderedChart.render().container()).extracting(container -> RenderedChart.at(container, "securityContext", "runAsUser"))
                .isEqualTo(Integer.parseInt(user));
    }

    @Test
    void exposesTheGeminiAndManagementPorts() throws IOException {
        StandardEnvironment defaults = HelmChartTests.polluxDefaults();
        assertThat(all("EXPOSE")).containsExactly("1965 " + defaults.getProperty("management.server.port"));
    }

    @Test
    void checksHealthOnTheLivenessProbe() throws IOException {
        List<String> healthchecks = all("HEALTHCHECK");
        assertThat(healthchecks).hasSize(1);
        Matcher target = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+).*GET (\\S+) HTTP").matcher(healthchecks.get(0));
        assertThat(target.find()).isTrue();
        StandardEnvironment defaults = HelmChartTests.polluxDefaults();
        assertThat(target.group(1)).isEqualTo(defaults.getProperty("management.server.port"));
        assertThat(target.group(2)).isEqualTo(RenderedChart.at(RenderedChart.render().container(), "livenessProbe", "httpGet", "path"));
        assertThat(healthchecks.get(0)).as("curl is gone from newer Temurin images").doesNotContain("curl").doesNotContain("wget");
    }

    /** The healthcheck's own command, run by bash against the real server's management port, and against a closed one. */
    @Test
    void theHealthcheckCommandPassesOnAHealthyServerAndFailsWithoutOne(@TempDir Path directory) throws Exception {
        String command = healthcheckCommand();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class).run(
                "--spring.config.location=optional:file:" + directory + "/", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--management.server.port=0", "--pollux.tls.certificate-directory=" + directory.resolve("certs"))) {
            String port = context.getEnvironment().getRequiredProperty("local.management.port");
            assertThat(bash(command.replace("/9090", "/" + port))).isZero();
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            assertThat(bash(command.replace("/9090", "/" + closed))).isNotZero();
        }
    }

    /** The shell command of {@code HEALTHCHECK ... CMD ["bash", "-c", "<command>"]}, its JSON string unescaped. */
    private static String healthcheckCommand() throws IOException {
        String exec = all("HEALTHCHECK").get(0);
        String start = "CMD [\"bash\", \"-c\", \"";
        assertThat(exec).contains(start).endsWith("\"]");
        String json = exec.substring(exec.indexOf(start) + start.length(), exec.length() - 2);
        return json.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static int bash(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    @Test
    void keepsContentAndGeneratedCertificatesOnVolumes() throws IOException {
        assertThat(String.join(" ", all("VOLUME"))).contains("\"/srv/gemini\"").contains("\"/var/lib/pollux/certs\"");
        String imageConfiguration = Files.readString(Path.of("docker/application.yml"));
        PolluxProperties pollux = ChartConfiguration.bind(imageConfiguration);
        assertThat(pollux.tls().certificateDirectory()).hasToString("/var/lib/pollux/certs");
        assertThat(pollux.capsules()).as("the image serves the built-in welcome capsule").isEmpty();
        assertThat(all("ENV")).anyMatch(env -> env.contains("SPRING_CONFIG_ADDITIONAL_LOCATION=\"optional:file:/config/\""));
    }

    @Test
    void copiesNoKeysCertificatesOrCapsuleContent() throws IOException {
        List<String> copied = new ArrayList<>(all("COPY"));
        copied.addAll(all("ADD"));
        assertThat(copied).noneMatch(copy -> copy.matches("(?i).*(\\.key|\\.pem|\\.crt|\\.p12|certs|\\.gmi|/srv).*"));
        assertThat(all("ADD")).isEmpty();
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(ignored).contains("**", "**/*.key", "**/*.pem", "**/certs/");
    }
}
