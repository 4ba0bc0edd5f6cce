package dev.pollux.proxy;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Reverse-proxy mounts are compiled at startup: one that cannot work stops startup, naming its property. */
class ProxyConfigurationTests {

    private static final String PIN = "SHA256:" + "AB".repeat(32);
    private static final String MOUNT = "pollux.capsules[0].proxies[0]";

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory).withPropertyValues("pollux.capsules[0].hostname=localhost");
    }

    private void assertStartupFails(String property, String problem, String... properties) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {property, problem}, properties);
    }

    @Test
    void compilesEachCapsulesMountsInOrder() {
        runner().withPropertyValues(MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal:1966/w/", MOUNT + ".fingerprints=" + PIN,
                        "pollux.capsules[0].proxies[1].path=/", "pollux.capsules[0].proxies[1].to=gemini://[::1]", "pollux.capsules[0].proxies[1].verify=none")
                .run(context -> {
                    ProxyPolicy policy = context.getBean(dev.pollux.capsule.CapsuleRegistry.class).defaultCapsule().policy(ProxyPolicy.POLICY);
                    assertThat(policy.mounts()).extracting(ProxyMount::segments).containsExactly(java.util.List.of("wiki"), java.util.List.of());
                    assertThat(policy.mounts()).extracting(mount -> mount.backend().origin())
                            .containsExactly("gemini://wiki.internal:1966", "gemini://[::1]");
                    assertThat(policy.mounts().get(1).backend().serverName()).as("no SNI for an IP address").isNull();
                });
    }

    @Test
    void aPinnedMountNeedsAFingerprint() {
        assertStartupFails(MOUNT + ".fingerprints", "verify: fingerprint (the default) needs the backend certificate's SHA256 fingerprint",
                MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/");
    }

    @Test
    void fingerprintsAndCaFilesAreForTheirOwnVerifyMode() throws Exception {
        assertStartupFails(MOUNT + ".fingerprints", "fingerprints are used only with verify: fingerprint",
                MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/", MOUNT + ".verify=none", MOUNT + ".fingerprints=" + PIN);
        Path ca = Files.writeString(directory.resolve("ca.pem"), "");
        assertStartupFails(MOUNT + ".ca-file", "a CA file is used only with verify: ca",
                MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/", MOUNT + ".fingerprints=" + PIN, MOUNT + ".ca-file=" + ca);
    }

    @Test
    void aCaFileMustHoldCertificates() throws Exception {
        Path ca = Files.writeString(directory.resolve("not-a-ca.pem"), "not a certificate\n");
        assertStartupFails(MOUNT + ".ca-file", "cannot be used",
                MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/", MOUNT + ".verify=ca", MOUNT + ".ca-file=" + ca);
        assertStartupFails(MOUNT + ".ca-file", "cannot be used",
                MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/", MOUNT + ".verify=ca", MOUNT + ".ca-file=" + directory.resolve("missing.pem"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://wiki.internal/         | write gemini://host[:port][/prefix]",
            "gemini:///w/                   | write gemini://host[:port][/prefix]",
            "wiki.internal                  | write gemini://host[:port][/prefix]",
            "gemini://wiki.internal/?q      | a backend URL has no user, query or fragment",
            "gemini://me@wiki.internal/     | a backend URL has no user, query or fragment",
            "gemini://wiki.internal/#part   | a backend URL has no user, query or fragment",
            "gemini://wiki internal/        | it is not a URL",
            "gemini://wiki.internal/../x    | its path is not a valid path",
    })
    void aBackendMustBeAGeminiUrl(String to, String problem) {
        assertStartupFails(MOUNT + ".to", problem, MOUNT + ".path=/wiki/", MOUNT + ".to=" + to, MOUNT + ".verify=none");
    }

    @Test
    void aMountPathMustBeAPathInsideTheCapsule() {
        assertStartupFails(MOUNT + ".path", "is not a path", MOUNT + ".path=/../wiki/", MOUNT + ".to=gemini://wiki.internal/", MOUNT + ".verify=none");
        assertStartupFails("capsules[0].proxies[0].path", "must start with '/'", MOUNT + ".path=wiki/", MOUNT + ".to=gemini://wiki.internal/",
                MOUNT + ".verify=none");
    }

    @Test
    void timeoutsMustBePositive() {
        assertStartupFails(MOUNT + ".header-timeout", "must be positive", MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/",
                MOUNT + ".verify=none", MOUNT + ".header-timeout=0s");
    }

    @Test
    void aVerifyModeIsOneOfThree() {
        assertStartupFails("pollux.capsules[0].proxies[0].verify", "", MOUNT + ".path=/wiki/", MOUNT + ".to=gemini://wiki.internal/",
                MOUNT + ".verify=trust-me");
    }
}
