package dev.pollux.proxy;

import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.PolicyKey;
import dev.pollux.protocol.RequestPath;

/** A capsule's reverse-proxy mounts, in configured order: the first whose path matches relays the request. */
record ProxyPolicy(List<ProxyMount> mounts) {

    static final PolicyKey<ProxyPolicy> POLICY = PolicyKey.of("proxy", ProxyPolicy.class);

    ProxyPolicy {
        mounts = List.copyOf(mounts);
    }

    Optional<ProxyMount> find(RequestPath path) {
        for (ProxyMount mount : mounts) {
            if (mount.matches(path)) {
                return Optional.of(mount);
            }
        }
        return Optional.empty();
    }
}
