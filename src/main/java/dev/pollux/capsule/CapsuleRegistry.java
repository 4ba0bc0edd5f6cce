package dev.pollux.capsule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.HostNames;

/**
 * Finds the capsule for a host name: exact names and aliases first, then wildcards ({@code *.example.org}
 * matches one label). Built once at startup, where every capsule is compiled with every feature's policy;
 * a bad capsule setting fails startup here, naming it.
 */
public final class CapsuleRegistry {

    private final List<Capsule> capsules;
    private final Map<String, Capsule> exact;
    private final Map<String, Capsule> wildcards;
    private final Capsule defaultCapsule;

    private CapsuleRegistry(List<Capsule> capsules, Map<String, Capsule> exact, Map<String, Capsule> wildcards, Capsule defaultCapsule) {
        this.capsules = List.copyOf(capsules);
        this.exact = Map.copyOf(exact);
        this.wildcards = Map.copyOf(wildcards);
        this.defaultCapsule = defaultCapsule;
    }

    /**
     * @param configured  the capsules from configuration; empty means one "localhost" capsule with every default,
     *                    compiled like any other as {@code pollux.capsules[0]}
     * @param builtInRoot the welcome capsule's directory, asked for only when a capsule has no root
     * @param compilers   one per feature with per-capsule policies
     */
    public static CapsuleRegistry from(List<CapsuleProperties> configured, Supplier<Path> builtInRoot,
                                       List<? extends CapsulePolicyCompiler<?>> compilers) {
        List<CapsuleProperties> all = configured.isEmpty() ? List.of(CapsuleProperties.defaults()) : configured;
        List<Capsule> capsules = new ArrayList<>();
        Map<String, Capsule> exact = new HashMap<>();
        Map<String, Capsule> wildcards = new HashMap<>();
        Capsule defaultCapsule = null;
        for (int i = 0; i < all.size(); i++) {
            String prefix = "pollux.capsules[" + i + "]";
            CapsuleProperties properties = all.get(i);
            Capsule capsule = build(prefix, properties, builtInRoot, compilers);
            for (String name : capsule.hostnames()) {
                Map<String, Capsule> names = name.startsWith("*.") ? wildcards : exact;
                Capsule previous = names.putIfAbsent(name, capsule);
                if (previous != null) {
                    throw new InvalidConfigurationException(prefix + ".hostname", "host name " + name + " is already served by the capsule " + previous.hostname());
                }
            }
            if (properties.defaultCapsule()) {
                if (defaultCapsule != null) {
                    throw new InvalidConfigurationException(prefix + ".default", "only one capsule can be the default, and " + defaultCapsule.hostname() + " already is");
                }
                defaultCapsule = capsule;
            }
            capsules.add(capsule);
        }
        return new CapsuleRegistry(capsules, exact, wildcards, defaultCapsule != null ? defaultCapsule : capsules.get(0));
    }

    /** The capsule serving this normalised host name; for a wildcard, the capsule of that subdomain. */
    public Optional<Capsule> find(String hostname) {
        Capsule capsule = exact.get(hostname);
        if (capsule != null) {
            return Optional.of(capsule);
        }
        int dot = hostname.indexOf('.');
        if (dot > 0) {
            Capsule wildcard = wildcards.get("*" + hostname.substring(dot));
            if (wildcard != null) {
                return wildcard.forSubdomain(hostname.substring(0, dot));
            }
        }
        return Optional.empty();
    }

    /** The capsule for connections that name no host (no SNI): the one marked default, else the first. */
    public Capsule defaultCapsule() {
        return defaultCapsule;
    }

    /** The capsules as configured, in order (wildcards unexpanded). */
    public List<Capsule> capsules() {
        return capsules;
    }

    private static Capsule build(String prefix, CapsuleProperties properties, Supplier<Path> builtInRoot,
                                 List<? extends CapsulePolicyCompiler<?>> compilers) {
        String hostname = hostname(prefix + ".hostname", properties.hostname());
        List<String> aliases = properties.aliases().stream().map(alias -> hostname(prefix + ".aliases", alias)).toList();
        boolean wildcard = hostname.startsWith("*.");
        if (!wildcard && aliases.stream().anyMatch(alias -> alias.startsWith("*."))) {
            throw new InvalidConfigurationException(prefix + ".aliases", "a wildcard alias needs a wildcard hostname, with a {subdomain} root");
        }
        PathTemplate rootTemplate = null;
        Path root;
        if (wildcard) {
            if (properties.root() == null) {
                throw new InvalidConfigurationException(prefix + ".root", "a wildcard capsule needs a root containing {subdomain}");
            }
            rootTemplate = PathTemplate.parse(prefix + ".root", properties.root().toString(), "{subdomain}", Capsule.LABEL);
            root = rootTemplate.base();
        } else {
            root = root(prefix + ".root", properties.root(), builtInRoot);
        }
        PathTemplate userDirectories = properties.userDirectories() == null ? null
                : PathTemplate.parse(prefix + ".user-directories", properties.userDirectories(), "{user}", Capsule.USER);
        CapsuleSource source = new CapsuleSource(prefix, properties, hostname, aliases);
        return new Capsule(hostname, aliases, root, indexFile(prefix + ".index-file", properties.indexFile()),
                properties.directoryListing(), properties.lang(), properties.charset(), properties.serveDotfiles(),
                rootTemplate, userDirectories, policies(source, compilers));
    }

    private static CapsulePolicies policies(CapsuleSource source, List<? extends CapsulePolicyCompiler<?>> compilers) {
        Map<PolicyKey<?>, Object> policies = new HashMap<>();
        for (CapsulePolicyCompiler<?> compiler : compilers) {
            if (policies.put(compiler.key(), compiler.compile(source)) != null) {
                throw new IllegalStateException("two compilers of the " + compiler.key() + " policy");
            }
        }
        return new CapsulePolicies(source.hostname(), policies);
    }

    private static String hostname(String property, String name) {
        String trimmed = name.trim();
        boolean wildcard = trimmed.startsWith("*.");
        try {
            String normalized = HostNames.normalize(wildcard ? trimmed.substring(2) : trimmed);
            if (normalized.contains("*") || normalized.isEmpty()) {
                throw new IllegalArgumentException("misplaced wildcard");
            }
            return wildcard ? "*." + normalized : normalized;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(property, "'" + name + "' is not a valid host name (a wildcard is allowed only as the whole first label: *.example.org)");
        }
    }

    private static String indexFile(String property, String name) {
        if (name.contains("/") || name.contains("\\") || name.contains("\0") || name.equals("..") || name.equals(".")) {
            throw new InvalidConfigurationException(property, "must be a plain file name, was '" + name + "'");
        }
        return name;
    }

    private static Path root(String property, Path root, Supplier<Path> builtInRoot) {
        if (root == null) {
            return builtInRoot.get();
        }
        if (root.toString().contains("{")) {
            throw new InvalidConfigurationException(property, "placeholders such as {subdomain} need a wildcard hostname");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidConfigurationException(property, root + " does not exist or is not a directory");
        }
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new InvalidConfigurationException(property, root + " cannot be read: " + e.getMessage());
        }
    }
}
