package dev.pollux.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The distribution archive that {@code mvn package} makes, unpacked with tar and started with its systemd unit's own
 * command line, as systemd would start it: in the state directory, with {@code STATE_DIRECTORY} set, as the user running
 * the build. Runs after the package phase (failsafe, {@code mvn verify}).
 */
class DistributionArchiveTests {

    private static final Path TARGET = Path.of("target");
    /** Where the unit expects the archive's content, and the configuration directory it names. */
    private static final String INSTALLED = "/opt/pollux";
    private static final String CONFIGURATION = "/etc/pollux/";

    @TempDir
    Path directory;

    @Test
    void unpacksAndRunsWithItsUnitsCommandLine() throws Exception {
        Path unpacked = unpack();
        assertThat(unpacked.resolve("pollux.jar")).isRegularFile();
        for (String file : List.of("jvm.options", "application.yml", "pollux.service", "LICENSE", "README.md")) {
            assertThat(unpacked.resolve(file)).isRegularFile();
        }
        SystemdUnit unit = SystemdUnit.read(unpacked.resolve("pollux.service"));
        Path state = Files.createDirectories(directory.resolve("state"));
        Path etc = Files.createDirectories(directory.resolve("etc"));
        // the shipped application.yml as the operator's /etc/pollux/application.yml; the ports come from the environment
        Files.copy(unpacked.resolve("application.yml"), etc.resolve("application.yml"));

        List<String> command = new ArrayList<>();
        for (String word : unit.execStart()) {
            command.add(word.equals("/usr/bin/java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                    : word.replace(INSTALLED, unpacked.toString()));
        }
        Path output = directory.resolve("journal.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(state.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        unit.environment().forEach((name, value) -> builder.environment().put(name, value.replace(CONFIGURATION, etc + "/")));
        builder.environment().put("STATE_DIRECTORY", state.toString());
        builder.environment().put("POLLUX_SERVER_ADDRESS", "127.0.0.1");
        builder.environment().put("POLLUX_SERVER_PORT", "0");
        builder.environment().put("MANAGEMENT_SERVER_PORT", "0");
        Process pollux = builder.start();
        try {
            Matcher gemini = awaitLine(output, pollux, Pattern.compile("Gemini server listening on \\S+ port (\\d+)"));
            Matcher management = awaitLine(output, pollux, Pattern.compile("Netty started on port (\\d+)"));
            int port = Integer.parseInt(gemini.group(1));

            assertThat(new GeminiTestClient(port).get("gemini://localhost/").header()).isEqualTo("20 text/gemini\r\n");
            assertThat(state.resolve("certs/localhost.crt")).as("the generated certificate, in $STATE_DIRECTORY/certs").isRegularFile();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + management.group(1) + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\":\"UP\"");
        } finally {
            pollux.destroy(); // SIGTERM, as systemctl stop sends
            if (!pollux.waitFor(60, TimeUnit.SECONDS)) {
                pollux.destroyForcibly();
            }
        }
        assertThat(unit.successExitStatuses()).as("a stop by SIGTERM counts as success for systemd")
                .contains(String.valueOf(pollux.exitValue()));
        assertThat(Files.readString(output)).contains("Gemini server stopped");
    }

    private Path unpack() throws IOException, InterruptedException {
        Path archive;
        try (Stream<Path> files = Files.list(TARGET)) {
            archive = files.filter(file -> file.getFileName().toString().matches("pollux-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no pollux-*.tar.gz in target: run mvn package"));
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", directory.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        return directory.resolve(base);
    }

    private static Matcher awaitLine(Path output, Process process, Pattern pattern) {
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String printed = Files.readString(output);
            Matcher matcher = pattern.matcher(printed);
            if (matcher.find()) {
                found[0] = matcher;
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("Pollux ended with " + process.exitValue() + ":\n" + printed);
            }
            return false;
        });
        return found[0];
    }
}
