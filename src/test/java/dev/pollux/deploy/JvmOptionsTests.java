package dev.pollux.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jvm.options, the JVM options file that the Dockerfile, the Helm chart, bench/run and the README
 * all use: each option says why it is there, and the JVM the tests run on (Java 17, the oldest
 * Pollux supports) starts with it.
 */
class JvmOptionsTests {

    @Test
    void everyOptionSaysWhyItIsThere() {
        JvmOptions options = JvmOptions.read(JvmOptions.FILE);
        assertThat(options.options()).isNotEmpty().allMatch(option -> option.startsWith("-"));
        assertThat(options.everyOptionHasAComment()).isTrue();
    }

    @Test
    void fixesTheHeapAndCapsEveryOtherPoolTheJvmGrows() {
        JvmOptions options = JvmOptions.read(JvmOptions.FILE);
        assertThat(options.bytes("-Xms")).isEqualTo(options.bytes("-Xmx"));
        assertThat(options.bytes("-Xmn")).isLessThan(options.bytes("-Xmx"));
        assertThat(options.value("-XX:MaxMetaspaceSize=")).isPresent();
        assertThat(options.value("-XX:ReservedCodeCacheSize=")).isPresent();
        assertThat(options.value("-XX:MaxDirectMemorySize=")).isPresent();
        assertThat(options.options()).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theJvmTheTestsRunOnStartsWithThem() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "@" + JvmOptions.FILE.toAbsolutePath(), "-version")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        // no "Unrecognized VM option", no deprecation or obsolescence warning
        assertThat(output).as(output).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("unrecognized");
    }

    @Test
    void readsOptionsAsTheLauncherDoes() {
        JvmOptions options = JvmOptions.parse("""
                # a comment
                -Xmx48m   # trailing comment

                -XX:MaxMetaspaceSize=128m
                -Xmx96m
                """);
        assertThat(options.options()).containsExactly("-Xmx48m", "-XX:MaxMetaspaceSize=128m", "-Xmx96m");
        assertThat(options.bytes("-Xmx")).as("the last one wins").isEqualTo(96L << 20);
        assertThat(options.bytes("-XX:MaxMetaspaceSize=")).isEqualTo(128L << 20);
        assertThat(JvmOptions.parse("-Xmx48m\n").everyOptionHasAComment()).isFalse();
    }
}
