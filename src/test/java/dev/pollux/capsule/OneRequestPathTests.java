package dev.pollux.capsule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.pollux.app.GeminiRoute;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant of the canonical request path, over real TLS: two spellings that reach the same file, script or
 * route are treated the same by every rule kind (capsule rules, client-certificate rules, per-path rate limits,
 * application routes, CGI script lookup, static files, user directories), on an exact and on a wildcard capsule.
 * Spellings that name another path never reach the protected content either.
 */
@SpringBootTest
class OneRequestPathTests {

    private static final String SECRET = "SECRET";
    private static final List<String> CAPSULES = List.of("exact.example", "alice.wild.example");

    @TempDir
    static Path base;

    private static boolean budgetsSpent;

    @Autowired
    GeminiServer server;

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) {
        content(base.resolve("exact"));
        content(base.resolve("wild/alice"));
        content(base.resolve("wild/bob"));
        write(base.resolve("home/alice/index.gmi"), "# Alice\n");
        write(base.resolve("home/alice/private/x.gmi"), SECRET + " of alice\n");
        LoopbackServer.register(registry, base);
        registry.add("pollux.cgi.enabled", () -> "true");
        capsule(registry, 0, "exact.example", base.resolve("exact").toString());
        capsule(registry, 1, "*.wild.example", base.resolve("wild/{subdomain}").toString());
        registry.add("pollux.capsules[2].hostname", () -> "*.budget.example");
        registry.add("pollux.capsules[2].root", () -> base.resolve("wild/{subdomain}").toString());
        registry.add("pollux.capsules[2].rate-limit", () -> "3/h");
    }

    private static void capsule(DynamicPropertyRegistry registry, int index, String hostname, String root) {
        String prefix = "pollux.capsules[" + index + "].";
        registry.add(prefix + "hostname", () -> hostname);
        registry.add(prefix + "root", () -> root);
        registry.add(prefix + "user-directories", () -> base.resolve("home/{user}").toString());
        registry.add(prefix + "rules[0].path", () -> "/hidden/.*");
        registry.add(prefix + "rules[0].hidden", () -> "true");
        registry.add(prefix + "rules[1].path", () -> "/gone/.*");
        registry.add(prefix + "rules[1].gone", () -> "true");
        registry.add(prefix + "rules[2].path", () -> "/old/(.*)");
        registry.add(prefix + "rules[2].redirect", () -> "/new/$1");
        registry.add(prefix + "rules[3].path", () -> "/~alice/private/.*");
        registry.add(prefix + "rules[3].hidden", () -> "true");
        registry.add(prefix + "client-certificates[0].path", () -> "/members/");
        registry.add(prefix + "client-certificates[0].require", () -> "any");
        registry.add(prefix + "client-certificates[1].path", () -> "/cgi-bin/private.sh");
        registry.add(prefix + "client-certificates[1].require", () -> "any");
        registry.add(prefix + "rate-limits[0].path", () -> "/limited/**");
        registry.add(prefix + "rate-limits[0].limit", () -> "1/h");
    }

    /** The same tree in every capsule root: each protected file says SECRET. */
    private static void content(Path root) {
        write(root.resolve("index.gmi"), "# Index\n");
        write(root.resolve("sub/index.gmi"), "# Sub\n");
        write(root.resolve("hidden/secret.gmi"), SECRET + "\n");
        write(root.resolve("gone/old.gmi"), SECRET + "\n");
        write(root.resolve("old/page.gmi"), SECRET + "\n");
        write(root.resolve("members/page.gmi"), SECRET + "\n");
        write(root.resolve("limited/page.gmi"), "limited\n");
        script(root.resolve("cgi-bin/private.sh"), "printf '20 text/plain\\r\\n" + SECRET + "\\n'");
        script(root.resolve("cgi-bin/hello.sh"), "printf '20 text/plain\\r\\nscript=%s\\n' \"$SCRIPT_NAME\"");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        RoutesUnderRules routesUnderRules() {
            return new RoutesUnderRules();
        }
    }

    /** Application routes: two behind rules, one open. */
    static class RoutesUnderRules {

        @GeminiRoute("/members/app")
        String members() {
            return SECRET + " of the members' route\n";
        }

        @GeminiRoute("/hidden/app")
        String hidden() {
            return SECRET + " of the hidden route\n";
        }

        @GeminiRoute("/app/hello")
        String hello() {
            return "route hello\n";
        }
    }

    /** Spellings of the same path: each must be treated exactly as the plain one. */
    static List<Spelling> sameSpellings() {
        return List.of(
                new Spelling("plain", path -> path),
                new Spelling("//x", path -> "/" + path),
                new Spelling("///x", path -> "//" + path),
                new Spelling("/./x", path -> "/." + path),
                new Spelling("/a/../x", path -> "/a/.." + path),
                new Spelling("/%2e/x", path -> "/%2e" + path),
                new Spelling("/a/%2E%2E/x", path -> "/a/%2E%2E" + path),
                new Spelling("/a/.%2e/x", path -> "/a/.%2e" + path),
                new Spelling("encoded letter", path -> "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2)),
                new Spelling("%2F in a segment", path -> path.substring(0, path.indexOf('/', 1)) + "%2F" + path.substring(path.indexOf('/', 1) + 1)),
                new Spelling("x//y", path -> path.replaceFirst("/(?=[^/]*$)", "//")),
                new Spelling("x/./y", path -> path.replaceFirst("/(?=[^/]*$)", "/./")),
                new Spelling("x/z/../y", path -> path.replaceFirst("/(?=[^/]*$)", "/z/../")),
                new Spelling("query", path -> path + "?q"));
    }

    /** Spellings that name another path: they must never reach the protected content. */
    static List<Spelling> otherSpellings() {
        return List.of(
                new Spelling(";", path -> path.replaceFirst("/(?=[^/]*$)", ";/")),
                new Spelling("trailing dot", path -> path + "."),
                new Spelling("trailing dots", path -> path + "..."),
                new Spelling("trailing slash", path -> path + "/"),
                new Spelling("double encoding", path -> "/a/%252e%252e" + path),
                new Spelling("%252F", path -> path.substring(0, path.indexOf('/', 1)) + "%252F" + path.substring(path.indexOf('/', 1) + 1)),
                new Spelling("upper case", path -> path.substring(0, 2).toUpperCase() + path.substring(2)));
    }

    /** Protected targets, one per rule kind, and the answer their rule gives. */
    static List<Target> protectedTargets() {
        return List.of(
                new Target("capsule rule: hidden file", "/hidden/secret.gmi", "51 Not found"),
                new Target("capsule rule: gone", "/gone/old.gmi", "52 Gone"),
                new Target("capsule rule: redirect", "/old/page.gmi", "30 "),
                new Target("client-certificate rule: file", "/members/page.gmi", "60 Client certificate required"),
                new Target("client-certificate rule: application route", "/members/app", "60 Client certificate required"),
                new Target("capsule rule: application route", "/hidden/app", "51 Not found"),
                new Target("client-certificate rule: CGI script", "/cgi-bin/private.sh", "60 Client certificate required"),
                new Target("capsule rule: user directory", "/~alice/private/x.gmi", "51 Not found"),
                new Target("per-path rate limit", "/limited/page.gmi", "44 "));
    }

    static Stream<Arguments> sameSpellingsOfProtectedTargets() {
        return protectedTargetsSpelt(sameSpellings());
    }

    static Stream<Arguments> otherSpellingsOfProtectedTargets() {
        return protectedTargetsSpelt(otherSpellings());
    }

    private static Stream<Arguments> protectedTargetsSpelt(List<Spelling> spellings) {
        List<Arguments> cases = new ArrayList<>();
        for (String capsule : CAPSULES) {
            for (Target target : protectedTargets()) {
                for (Spelling spelling : spellings) {
                    cases.add(Arguments.of(capsule, target, spelling));
                }
            }
        }
        return cases.stream();
    }

    /** Each capsule's one request to /limited/ per hour, spent before any test runs. */
    @BeforeEach
    void spendTheRateLimitBudgets() throws Exception {
        if (!budgetsSpent) {
            for (String capsule : CAPSULES) {
                assertThat(get(capsule, "/limited/page.gmi").header()).isEqualTo("20 text/gemini\r\n");
            }
            budgetsSpent = true;
        }
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("sameSpellingsOfProtectedTargets")
    void everySpellingOfAProtectedPathGetsItsRulesAnswer(String capsule, Target target, Spelling spelling) throws Exception {
        GeminiResponseBytes response = get(capsule, spelling.of(target.path()));
        assertThat(response.header()).startsWith(target.answer());
        assertThat(response.bodyText()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("otherSpellingsOfProtectedTargets")
    void spellingsOfOtherPathsNeverReachTheProtectedContent(String capsule, Target target, Spelling spelling) throws Exception {
        GeminiResponseBytes response = get(capsule, spelling.of(target.path()));
        assertThat(response.header()).doesNotStartWith("2");
        assertThat(response.bodyText()).doesNotContain(SECRET);
    }

    static Stream<Arguments> sameSpellingsOfOpenTargets() {
        List<Arguments> cases = new ArrayList<>();
        for (String capsule : CAPSULES) {
            for (Spelling spelling : sameSpellings()) {
                cases.add(Arguments.of(capsule, "/cgi-bin/hello.sh", "script=/cgi-bin/hello.sh\n", spelling));
                cases.add(Arguments.of(capsule, "/app/hello", "route hello\n", spelling));
                cases.add(Arguments.of(capsule, "/~alice/index.gmi", "# Alice\n", spelling));
                cases.add(Arguments.of(capsule, "/sub/index.gmi", "# Sub\n", spelling));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {3}")
    @MethodSource("sameSpellingsOfOpenTargets")
    void everySpellingOfAnOpenPathReachesTheSameScriptRouteOrFile(String capsule, String path, String body, Spelling spelling)
            throws Exception {
        GeminiResponseBytes response = get(capsule, spelling.of(path));
        assertThat(response.header()).startsWith("20 ");
        assertThat(response.bodyText()).isEqualTo(body);
    }

    @Test
    void aWildcardCapsuleHasOneBudgetPerClientAcrossItsSubdomains() throws Exception {
        assertThat(get("alice.budget.example", "/").header()).startsWith("20 ");
        assertThat(get("bob.budget.example", "/").header()).startsWith("20 ");
        assertThat(get("alice.budget.example", "/sub/").header()).startsWith("20 ");
        assertThat(get("bob.budget.example", "/").header()).startsWith("44 ");
        assertThat(get("alice.budget.example", "/").header()).startsWith("44 ");
    }

    private GeminiResponseBytes get(String host, String path) throws IOException {
        int port = server.port();
        return new GeminiTestClient(port).get("gemini://" + host + ":" + port + path);
    }

    record Spelling(String name, UnaryOperator<String> transform) {

        String of(String path) {
            return transform.apply(path);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Target(String name, String path, String answer) {

        @Override
        public String toString() {
            return name + " " + path;
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void script(Path file, String command) {
        write(file, "#!/bin/sh\n" + command + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
