package dev.pollux.handler.gateway;

import java.util.Comparator;
import java.util.List;

import dev.pollux.capsule.PolicyKey;
import dev.pollux.protocol.RequestPath;

/**
 * A capsule's FastCGI and SCGI mounts. A request belongs to the mount with the longest prefix of its canonical
 * path's segments, whichever protocol that mount speaks.
 */
public record GatewayMounts(List<GatewayMount> mounts) {

    public static final PolicyKey<GatewayMounts> POLICY = PolicyKey.of("gateways", GatewayMounts.class);

    public GatewayMounts {
        mounts = mounts.stream().sorted(Comparator.comparingInt((GatewayMount mount) -> mount.segments().size()).reversed()).toList();
    }

    /** The mount answering this path, or null. */
    public GatewayMount match(RequestPath path) {
        List<String> segments = path.segments();
        for (GatewayMount mount : mounts) {
            List<String> prefix = mount.segments();
            if (segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix)) {
                return mount;
            }
        }
        return null;
    }
}
