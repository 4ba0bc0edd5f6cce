package dev.pollux.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.pollux.config.AddressRange;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.ServerProperties;

/** The balancers that may send PROXY protocol headers ({@code pollux.server.trusted-proxies}), checked at startup. */
final class TrustedProxies {

    private final List<AddressRange> ranges;

    private TrustedProxies(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The trusted ranges when the PROXY protocol is on, or null when it is off. */
    static TrustedProxies of(ServerProperties server) {
        List<String> configured = server.trustedProxies();
        if (!server.proxyProtocol()) {
            if (!configured.isEmpty()) {
                throw new InvalidConfigurationException("pollux.server.trusted-proxies", "is used only with pollux.server.proxy-protocol: true");
            }
            return null;
        }
        if (configured.isEmpty()) {
            throw new InvalidConfigurationException("pollux.server.trusted-proxies",
                    "pollux.server.proxy-protocol needs the address ranges of the load balancers that send the header, such as 10.0.0.0/8");
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            try {
                ranges.add(AddressRange.parse(configured.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("pollux.server.trusted-proxies[" + i + "]", e.getMessage());
            }
        }
        return new TrustedProxies(ranges);
    }

    boolean contains(InetAddress peer) {
        return ranges.stream().anyMatch(range -> range.contains(peer));
    }
}
