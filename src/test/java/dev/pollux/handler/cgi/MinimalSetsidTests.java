package dev.pollux.handler.cgi;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The minimal setsid runs its arguments in a new session, passes their exit status on, and fails with 127 when it cannot run them. */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class MinimalSetsidTests {

    private final Path setsid = MinimalSetsid.install().orElseThrow();

    @Test
    void runsItsArgumentsAndPassesTheirExitStatusOn() throws Exception {
        assertThat(run(setsid.toString(), "/bin/sh", "-c", "exit 3")).isEqualTo(3);
    }

    @Test
    void makesTheProgramTheLeaderOfANewSessionWithTheSameEnvironment() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(setsid.toString(), "/bin/sh", "-c",
                "read -r pid name state parent group session rest < /proc/self/stat; "
                        + "[ \"$pid\" = \"$session\" ] && [ \"$parent\" = \"$JVM\" ] && [ \"$MARK\" = here ]");
        builder.environment().put("JVM", String.valueOf(ProcessHandle.current().pid()));
        builder.environment().put("MARK", "here");
        assertThat(exit(builder)).isZero();
    }

    @Test
    void exitsWith127WhenItCannotRunTheProgram() throws Exception {
        assertThat(run(setsid.toString(), "/nonexistent/program")).isEqualTo(127);
        assertThat(run(setsid.toString())).isEqualTo(127);
    }

    private static int run(String... command) throws Exception {
        return exit(new ProcessBuilder(command));
    }

    private static int exit(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(ScriptProcesses.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
