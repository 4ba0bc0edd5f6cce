package dev.pollux.capsule;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.utils.SimpleGlobMatcher;
import dev.pollux.clientcert.ClientCertificateConfiguration;
import dev.pollux.clientcert.ClientCertificatePolicy;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.PolluxPropertiesConfiguration;
import dev.pollux.config.Rate;
import dev.pollux.handler.cgi.CgiConfiguration;
import dev.pollux.handler.cgi.CgiSettings;
import dev.pollux.handler.rules.CapsuleRule;
import dev.pollux.handler.rules.CapsuleRules;
import dev.pollux.handler.rules.CapsuleRulesConfiguration;
import dev.pollux.protocol.HostNames;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;
import dev.pollux.ratelimit.RateLimitConfiguration;
import dev.pollux.ratelimit.RateLimitPolicy;
import dev.pollux.support.TestCertificates;
import dev.pollux.tls.CertificateSource;
import dev.pollux.tls.TlsConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Any {@code application.properties} text as capsule settings: bound and validated as Spring Boot binds
 * {@code pollux.*}, then compiled by {@link CapsuleRegistry#from} with every feature's real policy compiler, taken
 * from the feature configurations as the application wires them. The outcome is a registry that serves what it
 * says, or a binding failure, or an {@link InvalidConfigurationException} naming a {@code pollux.} property; nothing else.
 * <p>
 * Only {@code pollux.capsules*} lines of the input are used: the server-wide settings the compilers were built
 * from are fixed below, with a PEM certificate so that no capsule spends the fuzzer's time generating keys.
 * Values may name the fixture's files and directories as {@code ${fuzz.content}}, {@code ${fuzz.sites}} and so on.
 * Corpus: {@code CapsuleCompilationFuzzTestsInputs/}, one properties file per input.
 */
class CapsuleCompilationFuzzTests {

    @TempDir
    static Path directory;

    private static final BuiltInCapsule WELCOME = new BuiltInCapsule();
    private static Fixture fixture;

    /** The feature configurations, with their compilers, and the server-wide settings they were started with. */
    private record Fixture(AnnotationConfigApplicationContext context, List<CapsulePolicyCompiler<?>> compilers,
                           LocalValidatorFactoryBean validator, Map<String, Object> server) {
    }

    @BeforeAll
    static void startTheFeatureConfigurations() throws IOException {
        Files.createDirectories(directory.resolve("content/cgi-bin"));
        Files.createDirectories(directory.resolve("sites/example"));
        Files.createDirectories(directory.resolve("home/alice/public_gemini"));
        Files.createDirectories(directory.resolve("empty"));
        Files.writeString(directory.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        TestCertificates.writeSelfSigned(directory.resolve("pem"), "server", "localhost");
        TestCertificates.writeSelfSigned(directory.resolve("pem"), "other", "example.org");
        Files.createDirectories(directory.resolve("ca"));
        Files.copy(directory.resolve("pem/other.crt"), directory.resolve("ca/other.crt"));

        Map<String, Object> server = new LinkedHashMap<>();
        server.put("pollux.tls.certificate", directory.resolve("pem/server.crt").toString());
        server.put("pollux.tls.private-key", directory.resolve("pem/server.key").toString());
        server.put("pollux.tls.certificate-directory", directory.resolve("certs").toString());
        server.put("pollux.tls.reload-interval", "0");
        for (String name : List.of("content", "sites", "home", "empty", "garbage.pem", "ca", "missing")) {
            server.put("fuzz." + name, directory.resolve(name).toString());
        }
        server.put("fuzz.certificate", directory.resolve("pem/other.crt").toString());
        server.put("fuzz.private-key", directory.resolve("pem/other.key").toString());
        server.put("fuzz.server-key", directory.resolve("pem/server.key").toString());

        assertBindable(PolluxProperties.class);
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("server", server));
        context.registerBean(Clock.class, Clock::systemUTC);
        context.register(PolluxPropertiesConfiguration.class, CapsuleConfiguration.class, TlsConfiguration.class,
                ClientCertificateConfiguration.class, RateLimitConfiguration.class, CapsuleRulesConfiguration.class, CgiConfiguration.class);
        context.refresh();
        List<CapsulePolicyCompiler<?>> compilers = new ArrayList<>();
        for (CapsulePolicyCompiler<?> compiler : context.getBeansOfType(CapsulePolicyCompiler.class).values()) {
            compilers.add(compiler);
        }
        assertThat(compilers).hasSize(5);
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        fixture = new Fixture(context, List.copyOf(compilers), validator, server);
    }

    /** Each properties record bound under {@code pollux.*} keeps its constructor parameter names, which Boot binds it by. */
    private static void assertBindable(Class<?> root) {
        for (Class<?> type : propertiesRecords(root, new LinkedHashSet<>())) {
            Parameter[] parameters = type.getDeclaredConstructors()[0].getParameters();
            if (parameters.length > 0 && !parameters[0].isNamePresent()) {
                throw new IllegalStateException(type.getName() + " has lost its constructor parameter names, so Spring Boot cannot bind it:"
                        + " Jazzer instrumented it. List it in the pom's jazzer.uninstrumented property.");
            }
        }
    }

    /** The {@code *Properties} records reachable from {@code type} through record components and their type arguments. */
    private static Set<Class<?>> propertiesRecords(Class<?> type, Set<Class<?>> found) {
        if (!type.isRecord() || !type.getSimpleName().endsWith("Properties") || !found.add(type)) {
            return found;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            propertiesRecords(component.getType(), found);
            if (component.getGenericType() instanceof ParameterizedType generic) {
                for (Type argument : generic.getActualTypeArguments()) {
                    if (argument instanceof Class<?> element) {
                        propertiesRecords(element, found);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The pom's {@code jazzer.uninstrumented} list, checked in every build rather than only when someone fuzzes:
     * each pattern is one Jazzer accepts (it refuses the whole run for one it does not, such as a '*' inside a name),
     * every record bound under {@code pollux.*} matches one, and {@link Rate}, which parses, matches none.
     * The patterns are read with Jazzer's own matcher, so they mean here what they mean to the agent.
     */
    @Test
    void everyBoundRecordIsLeftUninstrumentedAndNothingElseThatParses() {
        String excludes = System.getProperty("jazzer.instrumentation_excludes");
        assumeTrue(excludes != null, "set by the pom's fuzz execution");
        List<SimpleGlobMatcher> patterns = new ArrayList<>();
        for (String glob : excludes.split(File.pathSeparator)) {
            patterns.add(new SimpleGlobMatcher(glob));
        }
        assertThat(propertiesRecords(PolluxProperties.class, new LinkedHashSet<>())).hasSizeGreaterThan(10)
                .allSatisfy(type -> assertThat(patterns).as("a jazzer.uninstrumented pattern for %s", type.getName())
                        .anyMatch(pattern -> pattern.matches(type.getName())));
        assertThat(patterns).noneMatch(pattern -> pattern.matches(Rate.class.getName()));
    }

    @AfterAll
    static void stop() {
        fixture.validator().close();
        fixture.context().close();
    }

    @FuzzTest
    @DictionaryEntries({"pollux.capsules[0].", "pollux.capsules[1].", "hostname=", "aliases[0]=", "root=", "index-file=",
            "directory-listing=", "lang=", "charset=", "serve-dotfiles=", "default=", "tls.certificate=", "tls.private-key=",
            "tls.bundle=", "user-directories=", "rules[0].path=", "rules[0].redirect=", "rules[0].permanent=", "rules[0].gone=",
            "rules[0].hidden=", "rules[0].mime-type=", "client-ca-file=", "client-ca-path=", "client-certificates[0].path=",
            "client-certificates[0].require=", "client-certificates[0].fingerprints[0]=", "client-certificates[0].meta=",
            "rate-limit=", "rate-limits[0].path=", "rate-limits[0].limit=", "cgi.enabled=", "cgi.directory=", "cgi.timeout=",
            "cgi.max-concurrent=", "cgi.path=", "cgi.environment.", "${fuzz.content}", "${fuzz.sites}/{subdomain}",
            "${fuzz.home}/{user}/public_gemini", "${fuzz.certificate}", "${fuzz.private-key}", "${fuzz.ca}", "*.", "$1"})
    void compilesCapsulesOrFailsNamingTheSetting(byte[] input) {
        PolluxProperties properties;
        try {
            properties = bind(input, fixture);
        } catch (BindException refused) {
            // a value of the wrong type or one that fails validation: Boot's failure analyzer names the property
            assertThat(refused.getName().toString()).startsWith("pollux");
            return;
        }
        if (properties == null) {
            return;
        }
        CapsuleRegistry registry;
        try {
            registry = CapsuleRegistry.from(properties.capsules(), WELCOME::root, fixture.compilers());
        } catch (InvalidConfigurationException refused) {
            assertThat(refused.property()).startsWith("pollux.");
            assertThat(refused.getMessage()).startsWith(refused.property() + ": ");
            return;
        }
        assertServes(registry, properties.capsules());
    }

    /** The properties text as Spring Boot binds it; null when the input is not a properties file at all. */
    private static PolluxProperties bind(byte[] input, Fixture fixture) {
        Map<String, Object> capsules = new LinkedHashMap<>();
        try {
            for (PropertySource<?> document : new PropertiesPropertySourceLoader().load("input", new ByteArrayResource(input))) {
                Map<?, ?> entries = (Map<?, ?>) document.getSource();
                entries.forEach((key, value) -> {
                    if (key.toString().startsWith("pollux.capsules")) {
                        capsules.putIfAbsent(key.toString(), value);
                    }
                });
            }
        } catch (IOException | RuntimeException notProperties) {
            // Boot's own properties reader, which is not what this fuzzes
            return null;
        }
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("server", fixture.server()));
        sources.addFirst(new MapPropertySource("input", capsules));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate("pollux", Bindable.of(PolluxProperties.class), new ValidationBindHandler(fixture.validator()));
    }

    private static void assertServes(CapsuleRegistry registry, List<CapsuleProperties> configured) {
        List<Capsule> capsules = registry.capsules();
        assertThat(capsules).hasSize(Math.max(1, configured.size()));
        assertThat(capsules).contains(registry.defaultCapsule());
        for (int i = 0; i < configured.size(); i++) {
            if (configured.get(i).defaultCapsule()) {
                assertThat(registry.defaultCapsule()).isSameAs(capsules.get(i));
            }
        }
        for (Capsule capsule : capsules) {
            for (String name : capsule.hostnames()) {
                boolean wildcard = name.startsWith("*.");
                assertThat(wildcard ? "*." + HostNames.normalize(name.substring(2)) : HostNames.normalize(name)).isEqualTo(name);
                if (!wildcard) {
                    assertThat(registry.find(name)).hasValueSatisfying(found -> assertThat(found.hostname()).isEqualTo(capsule.hostname()));
                }
            }
            assertThat(capsule.isWildcard()).isEqualTo(capsule.hostname().startsWith("*."));
            assertThat(capsule.root()).isAbsolute();
            assertThat(Files.isDirectory(capsule.root())).isTrue();
            assertThat(capsule.indexFile()).isNotBlank().doesNotContain("/");
            assertThat(capsule.root().resolve(capsule.indexFile()).getParent()).isEqualTo(capsule.root());
            assertPolicies(capsule);
        }
    }

    /** Every feature compiled its policy, and each policy only holds what can work at request time. */
    private static void assertPolicies(Capsule capsule) {
        CgiSettings cgi = capsule.policy(CgiSettings.POLICY);
        assertThat(cgi.directory()).isNotEmpty()
                .allSatisfy(segment -> assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/"));
        assertThat(cgi.timeout()).isPositive();
        assertThat(cgi.maxConcurrent()).isPositive();
        for (CapsuleRule rule : capsule.policy(CapsuleRules.POLICY).rules()) {
            if (rule.action() == CapsuleRule.Action.REDIRECT) {
                assertThat(rule.target()).isNotBlank().doesNotContain("\r").doesNotContain("\n");
            }
        }
        ClientCertificatePolicy certificates = capsule.policy(ClientCertificatePolicy.POLICY);
        certificates.rules().forEach(rule -> {
            if (rule.meta() != null) {
                assertThat(new ResponseHeader(Status.CLIENT_CERTIFICATE_REQUIRED, rule.meta()).meta()).isEqualTo(rule.meta());
            }
        });
        assertThat(capsule.policy(RateLimitPolicy.POLICY).limits()).allSatisfy(limit -> assertThat(limit.limiter()).isNotNull());
        assertThat(capsule.policy(CertificateSource.POLICY).loaded().keyMatchesCertificate()).isTrue();
    }
}
