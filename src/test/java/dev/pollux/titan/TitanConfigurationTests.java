package dev.pollux.titan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Titan settings are compiled into each capsule's policy at startup: one that cannot work stops startup, naming its property. */
class TitanConfigurationTests {

    private static final String PIN = "SHA256:" + "AB".repeat(32);
    private static final String TITAN = "pollux.capsules[0].titan";

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() throws Exception {
        Path root = Files.createDirectories(directory.resolve("root"));
        return PolluxContextRunner.runner(directory).withPropertyValues("pollux.capsules[0].hostname=localhost",
                "pollux.capsules[0].root=" + root);
    }

    private void assertStartupFails(String property, String problem, String... properties) throws Exception {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {property, problem}, properties);
    }

    @Test
    void offByDefault() throws Exception {
        runner().run(context -> assertThat(policy(context.getBean(CapsuleRegistry.class)).enabled()).isFalse());
    }

    @Test
    void compilesPathsAsCanonicalSegmentsAndTypesInLowerCase() throws Exception {
        runner().withPropertyValues(TITAN + ".enabled=true", TITAN + ".paths=/notes/,//a/./b.gmi,/", TITAN + ".token=s3cret",
                        TITAN + ".max-size=2KB", TITAN + ".mime-types=Text/Gemini,text/plain")
                .run(context -> {
                    TitanPolicy policy = policy(context.getBean(CapsuleRegistry.class));
                    assertThat(policy.paths()).containsExactly(List.of("notes"), List.of("a", "b.gmi"), List.of());
                    assertThat(policy.maxSize()).isEqualTo(2048);
                    assertThat(policy.mimeTypes()).isEqualTo(Set.of("text/gemini", "text/plain"));
                    assertThat(policy.requirement()).isNull();
                    assertThat(policy.token().toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void anEnabledCapsuleNeedsPathsAndACertificateOrAToken() throws Exception {
        assertStartupFails(TITAN + ".paths", "name at least one path that may be written", TITAN + ".enabled=true", TITAN + ".token=x");
        assertStartupFails(TITAN + ".require", "otherwise anyone could write", TITAN + ".enabled=true", TITAN + ".paths=/notes/");
        assertStartupFails(TITAN + ".token", "must not be blank", TITAN + ".enabled=true", TITAN + ".paths=/notes/", TITAN + ".token= ");
    }

    @Test
    void theBuiltInWelcomeCapsuleCannotBeWritten() {
        PolluxContextRunner.assertStartupFails(PolluxContextRunner.runner(directory),
                new String[] {TITAN + ".enabled", "uploads need the capsule's own root"},
                "pollux.capsules[0].hostname=localhost", TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".token=x");
    }

    @Test
    void pathsMustStayInsideTheCapsule() throws Exception {
        assertStartupFails(TITAN + ".paths", "'/../etc/' is not a path inside the capsule",
                TITAN + ".enabled=true", TITAN + ".paths=/../etc/", TITAN + ".token=x");
        assertStartupFails(TITAN + ".paths", "must start with '/'", TITAN + ".enabled=true", TITAN + ".paths=notes/", TITAN + ".token=x");
    }

    @Test
    void certificateRequirementsAreCheckedAsForClientCertificateRules() throws Exception {
        assertStartupFails(TITAN + ".fingerprints", "require: fingerprints needs at least one fingerprint",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".require=fingerprints");
        assertStartupFails(TITAN + ".fingerprints", "fingerprints are used only with require: fingerprints",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".require=any", TITAN + ".fingerprints=" + PIN);
        assertStartupFails(TITAN + ".fingerprints", "fingerprints are used only with require: fingerprints",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".token=x", TITAN + ".fingerprints=" + PIN);
        assertStartupFails(TITAN + ".require", "require: ca needs pollux.tls.client-ca-file",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".require=ca");
        assertStartupFails(TITAN + ".fingerprints[0]", "must be SHA256: followed by 64 hex digits",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".require=fingerprints", TITAN + ".fingerprints=SHA1:AB");
    }

    @Test
    void sizesAndTypesMustBeWhatTheyClaim() throws Exception {
        assertStartupFails(TITAN + ".max-size", "must not be negative",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".token=x", TITAN + ".max-size=-1B");
        assertStartupFails(TITAN + ".mimeTypes[0]", "must be a media type such as text/gemini, without parameters",
                TITAN + ".enabled=true", TITAN + ".paths=/", TITAN + ".token=x", TITAN + ".mime-types=text/gemini;charset=utf-8");
    }

    private static TitanPolicy policy(CapsuleRegistry capsules) {
        return capsules.defaultCapsule().policy(TitanPolicy.POLICY);
    }
}
