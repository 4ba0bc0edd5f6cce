package dev.pollux.config;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.pollux.support.PolluxProcess;
import dev.pollux.support.PolluxProcess.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Pollux started as an operator starts it, with a setting that cannot work: it stops with exit status 1 and one
 * short report whose description names the setting (or the file, line and column) and the reason, without a
 * stack trace.
 */
class StartupFailureReportTests {

    @TempDir
    Path directory;

    private PolluxProcess pollux() {
        return PolluxProcess.in(directory);
    }

    @Test
    void aCertificateDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(directory.resolve("certs.txt"), "not a directory");
        Report report = pollux().arguments("--pollux.tls.certificate-directory=certs.txt").failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.tls.certificate-directory: "
                + file + " is a file, not a directory");
        assertThat(report.action()).isEqualTo("Correct pollux.tls.certificate-directory in application.yml, on the command line or in the environment.");
    }

    @Test
    void aRateLimitStoreThatDoesNotExist() throws Exception {
        Report report = pollux().arguments("--pollux.rate-limit-store=memcached").failsToStart();
        assertThat(report.description()).startsWith("Failed to bind properties under 'pollux.rate-limit-store' to dev.pollux.config.RateLimitStore:")
                .contains("Property: pollux.rate-limit-store", "Value: \"memcached\"");
    }

    @Test
    void aRateLimitStoreTimeoutOfZero() throws Exception {
        Report report = pollux().arguments("--pollux.rate-limit-store=redis", "--pollux.rate-limit-store-timeout=0s").failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.rate-limit-store-timeout: must be positive, was PT0S");
    }

    @Test
    void aCertificateDirectoryThatCannotBeCreated() throws Exception {
        Files.writeString(directory.resolve("state"), "a file where a directory should be");
        Report report = pollux().arguments("--pollux.tls.certificate-directory=state/certs").failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.tls.certificate-directory: cannot save the generated"
                + " certificate for localhost in " + directory.resolve("state/certs") + ": Not a directory (" + directory.resolve("state/certs") + ")");
    }

    @Test
    void aCertificateDirectoryThatIsNotWritable() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root may write anywhere").isNotEqualTo("root");
        Path certs = Files.createDirectory(directory.resolve("certs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        Report report = pollux().failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.tls.certificate-directory: " + certs
                + " is not writable by the user running Pollux, who must be able to save the generated certificate for localhost");
    }

    @Test
    void malformedYamlGivenAsAdditionalLocation() throws Exception {
        Path yaml = Files.writeString(directory.resolve("pollux.yml"), """
                pollux:
                  server:
                    port: 1965
                   address: 127.0.0.1
                """);
        Report report = pollux().arguments("--spring.config.additional-location=file:" + yaml).failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: " + yaml + ", line 4, column 4: malformed YAML:"
                + " expected <block end>, but found '<block mapping start>' (while parsing a block mapping at line 2, column 3)");
        assertThat(report.action()).startsWith("Correct the YAML at " + yaml + ", line 4, column 4.");
        assertThat(report.printed()).as("nothing was logged before the report").doesNotContain("DEBUG").doesNotContain("Application run failed");
    }

    @Test
    void malformedYamlInTheWorkingDirectoryOrGivenAsLocation() throws Exception {
        Path yaml = Files.writeString(directory.resolve("application.yml"), "pollux:\n  tls:\n\tcertificate-directory: certs\n");
        String expected = "Invalid Pollux configuration: " + yaml + ", line 3, column 1: malformed YAML:"
                + " found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)";
        assertThat(pollux().failsToStart().description()).isEqualTo(expected);
        assertThat(pollux().arguments("--spring.config.location=file:" + yaml).failsToStart().description()).isEqualTo(expected);
    }

    @Test
    void anUnknownKeyOnTheCommandLine() {
        Report report = pollux().arguments("--pollux.sever.port=1966").failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.sever.port: no such setting;"
                + " did you mean pollux.server.port? (set on the command line)");
        assertThat(report.action()).isEqualTo("Correct or remove pollux.sever.port. The settings are listed in README.md and in application.yml.");
    }

    @Test
    void anUnknownCapsuleKeyInApplicationYml() throws Exception {
        Path yaml = Files.writeString(directory.resolve("application.yml"), """
                pollux:
                  capsules:
                    - hostname: example.org
                      rooot: /srv/gemini
                """);
        Report report = pollux().failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.capsules[0].rooot: no such setting;"
                + " did you mean pollux.capsules[0].root? (set in " + yaml + ", line 4, column 14)");
    }

    @Test
    void aBadRate() {
        Report report = pollux().arguments("--pollux.rate-limit=abc").failsToStart();
        assertThat(report.description()).startsWith("Failed to bind properties under 'pollux.rate-limit' to dev.pollux.config.Rate:")
                .contains("Property: pollux.rate-limit", "Value: \"abc\"",
                        "Reason: failed to convert java.lang.String to dev.pollux.config.Rate (caused by java.lang.IllegalArgumentException:"
                                + " 'abc' is not a rate: write COUNT/[PERIOD]UNIT with UNIT one of s, m, h, d, such as 60/5m or 5/s)");
    }

    @Test
    void aBadDuration() {
        Report report = pollux().arguments("--pollux.server.request-timeout=ten seconds").failsToStart();
        assertThat(report.description()).startsWith("Failed to bind properties under 'pollux.server.request-timeout' to java.time.Duration:")
                .contains("Property: pollux.server.request-timeout", "'ten seconds' is not a valid duration");
    }

    @Test
    void aValueBelowItsMinimum() {
        Report report = pollux().arguments("--pollux.server.backlog=0").failsToStart();
        assertThat(report.description()).startsWith("Binding to target dev.pollux.config.PolluxProperties failed:")
                .contains("Property: pollux.server.backlog", "Reason: must be greater than or equal to 1");
    }

    @Test
    void aValueThatItsRecordRejects() {
        Report report = pollux().arguments("--pollux.cgi.timeout=0s").failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.cgi.timeout: must be positive, was PT0S");
    }

    @Test
    void aSettingThatAFeatureRejects() {
        Report report = pollux().arguments("--pollux.capsules[0].root=" + directory.resolve("missing")).failsToStart();
        assertThat(report.description()).isEqualTo("Invalid Pollux configuration: pollux.capsules[0].root: "
                + directory.resolve("missing") + " does not exist or is not a directory");
    }

    @Test
    void aManagementPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Report report = pollux().arguments("--management.server.port=" + taken.getLocalPort()).failsToStart();
            assertThat(report.description()).isEqualTo("Invalid Pollux configuration: management.server.port: port "
                    + taken.getLocalPort() + " is already in use");
        }
    }
}
