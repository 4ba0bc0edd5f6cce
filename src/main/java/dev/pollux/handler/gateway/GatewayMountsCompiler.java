package dev.pollux.handler.gateway;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleFastCgiProperties;
import dev.pollux.config.CapsuleScgiProperties;
import dev.pollux.config.InvalidConfigurationException;

/**
 * Checks each capsule's {@code fastcgi[M]} and {@code scgi[M]} entries once, at startup, and gives each its
 * connections. Every mistake names its property.
 */
final class GatewayMountsCompiler implements CapsulePolicyCompiler<GatewayMounts> {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** SCGI's own headers, which come first and once. */
    private static final Set<String> SCGI_RESERVED = Set.of("CONTENT_LENGTH", "SCGI");

    private final GatewayTransport transport;

    GatewayMountsCompiler(GatewayTransport transport) {
        this.transport = transport;
    }

    @Override
    public PolicyKey<GatewayMounts> key() {
        return GatewayMounts.POLICY;
    }

    @Override
    public GatewayMounts compile(CapsuleSource capsule) {
        List<GatewayMount> mounts = new ArrayList<>();
        Map<List<String>, String> prefixes = new HashMap<>();
        List<CapsuleFastCgiProperties> fastcgi = capsule.properties().fastcgi();
        for (int i = 0; i < fastcgi.size(); i++) {
            CapsuleFastCgiProperties entry = fastcgi.get(i);
            mounts.add(mount(new Entry(GatewayMount.Kind.FASTCGI, capsule.prefix() + ".fastcgi[" + i + "]", entry.path(),
                    entry.address(), entry.connectTimeout(), entry.headerTimeout(), entry.bodyTimeout(), entry.maxConnections(),
                    entry.keepConnections(), entry.environment()), Set.of(), prefixes));
        }
        List<CapsuleScgiProperties> scgi = capsule.properties().scgi();
        for (int i = 0; i < scgi.size(); i++) {
            CapsuleScgiProperties entry = scgi.get(i);
            mounts.add(mount(new Entry(GatewayMount.Kind.SCGI, capsule.prefix() + ".scgi[" + i + "]", entry.path(),
                    entry.address(), entry.connectTimeout(), entry.headerTimeout(), entry.bodyTimeout(), entry.maxConnections(),
                    false, entry.environment()), SCGI_RESERVED, prefixes));
        }
        return new GatewayMounts(mounts);
    }

    /** One configured entry of either protocol; {@code prefix} names its properties. */
    private record Entry(GatewayMount.Kind kind, String prefix, String path, String address, Duration connectTimeout,
                         Duration headerTimeout, Duration bodyTimeout, int maxConnections, boolean keep,
                         Map<String, String> environment) {
    }

    private GatewayMount mount(Entry entry, Set<String> reserved, Map<List<String>, String> prefixes) {
        String prefix = entry.prefix();
        List<String> segments = segments(prefix + ".path", entry.path());
        String earlier = prefixes.putIfAbsent(segments, prefix + ".path");
        if (earlier != null) {
            throw new InvalidConfigurationException(prefix + ".path", "'" + entry.path() + "' is already the path of " + earlier);
        }
        positive(prefix + ".connect-timeout", entry.connectTimeout());
        positive(prefix + ".header-timeout", entry.headerTimeout());
        positive(prefix + ".body-timeout", entry.bodyTimeout());
        for (Map.Entry<String, String> variable : entry.environment().entrySet()) {
            if (!VARIABLE_NAME.matcher(variable.getKey()).matches() || variable.getValue().indexOf('\0') >= 0
                    || reserved.contains(variable.getKey())) {
                throw new InvalidConfigurationException(prefix + ".environment", "'" + variable.getKey() + "' cannot be sent as a variable");
            }
        }
        SocketAddress resolved = ApplicationAddress.parse(prefix + ".address", entry.address());
        ApplicationConnections connections = new ApplicationConnections(
                transport.bootstrap(resolved, entry.connectTimeout()), transport, entry.maxConnections(), entry.keep());
        return new GatewayMount(entry.kind(), segments, entry.address().trim(), entry.headerTimeout(), entry.bodyTimeout(),
                entry.environment(), connections);
    }

    /** The prefix as canonical segments: absolute, no {@code .} or {@code ..}, empty segments ignored as in request paths. */
    private static List<String> segments(String property, String path) {
        if (!path.startsWith("/")) {
            throw new InvalidConfigurationException(property, "must start with /, was '" + path + "'");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidConfigurationException(property, "must not contain . or .. segments, was '" + path + "'");
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static void positive(String property, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidConfigurationException(property, "must be positive, was " + duration);
        }
    }
}
