package dev.pollux.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The systemd unit shipped in the distribution archive (dist/pollux.service). */
class SystemdUnitTests {

    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path directory;

    @Test
    void systemdAcceptsTheUnitWithoutAWarning() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze (Debian's systemd package) is not installed");
        Path unit = Files.copy(SystemdUnit.FILE, directory.resolve("pollux.service"));
        Process verify = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // systemd-analyze exits 0 on unknown keys and bad values too, and only says so: any output is a finding
        assertThat(verify.exitValue()).as(printed).isZero();
        assertThat(printed).isBlank();
    }

    @Test
    void runsAsItsOwnUserWithAStateDirectoryAndHardening() {
        SystemdUnit unit = SystemdUnit.read(SystemdUnit.FILE);
        assertThat(unit.service("User")).isEqualTo("pollux");
        assertThat(unit.service("StateDirectory")).isEqualTo("pollux");
        assertThat(unit.service("ReadWritePaths")).isEqualTo("/var/lib/pollux");
        assertThat(unit.service("NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.service("ProtectSystem")).isEqualTo("strict");
        assertThat(unit.service("PrivateTmp")).isEqualTo("yes");
        assertThat(unit.successExitStatuses()).as("the JVM's exit status after SIGTERM").contains("143");
        assertThat(unit.execStart()).startsWith("/usr/bin/java", "@/opt/pollux/jvm.options").endsWith("-jar", "/opt/pollux/pollux.jar");
    }
}
