package dev.pollux.capsule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.pollux.config.CapsuleCgiProperties;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.HostNames;

/** Finds the capsule for a host name. Built once at startup; a bad capsule setting fails startup here. */
public final class CapsuleRegistry {

    private final List<Capsule> capsules;
    private final Map<String, Capsule> byHostname;

    private CapsuleRegistry(List<Capsule> capsules, Map<String, Capsule> byHostname) {
        this.capsules = List.copyOf(capsules);
        this.byHostname = Map.copyOf(byHostname);
    }

    /**
     * @param configured  the capsules from configuration; empty means one default "localhost" capsule
     * @param builtInRoot the welcome capsule's directory, asked for only when a capsule has no root
     */
    public static CapsuleRegistry from(List<CapsuleProperties> configured, Supplier<Path> builtInRoot) {
        List<CapsuleProperties> all = configured.isEmpty()
                ? List.of(new CapsuleProperties("localhost", List.of(), null, "index.gmi", true, null, null, false,
                        new CapsuleCgiProperties(null, null, null, null, null, Map.of())))
                : configured;
        List<Capsule> capsules = new ArrayList<>();
        Map<String, Capsule> byHostname = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String prefix = "pollux.capsules[" + i + "]";
            CapsuleProperties properties = all.get(i);
            Capsule capsule = new Capsule(
                    hostname(prefix + ".hostname", properties.hostname()),
                    properties.aliases().stream().map(alias -> hostname(prefix + ".aliases", alias)).toList(),
                    root(prefix + ".root", properties.root(), builtInRoot),
                    indexFile(prefix + ".index-file", properties.indexFile()),
                    properties.directoryListing(),
                    properties.lang(),
                    properties.charset(),
                    properties.serveDotfiles());
            for (String name : capsule.hostnames()) {
                Capsule previous = byHostname.putIfAbsent(name, capsule);
                if (previous != null) {
                    throw new InvalidConfigurationException(prefix + ".hostname", "host name " + name + " is already served by the capsule " + previous.hostname());
                }
            }
            capsules.add(capsule);
        }
        return new CapsuleRegistry(capsules, byHostname);
    }

    /** The capsule serving this normalised host name. */
    public Optional<Capsule> find(String hostname) {
        return Optional.ofNullable(byHostname.get(hostname));
    }

    /** The capsule for connections that name no host (no SNI): the first one configured. */
    public Capsule defaultCapsule() {
        return capsules.get(0);
    }

    public List<Capsule> capsules() {
        return capsules;
    }

    private static String hostname(String property, String name) {
        try {
            return HostNames.normalize(name.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(property, "'" + name + "' is not a valid host name");
        }
    }

    private static String indexFile(String property, String name) {
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new InvalidConfigurationException(property, "must be a plain file name, was '" + name + "'");
        }
        return name;
    }

    private static Path root(String property, Path root, Supplier<Path> builtInRoot) {
        if (root == null) {
            return builtInRoot.get();
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
