package dev.pollux.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleProxyProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.RequestPath;

/** Each capsule's mounts ({@code pollux.capsules[N].proxies[M]}), checked at startup: a setting that cannot work names itself. */
final class ProxyPolicyCompiler implements CapsulePolicyCompiler<ProxyPolicy> {

    @Override
    public PolicyKey<ProxyPolicy> key() {
        return ProxyPolicy.POLICY;
    }

    @Override
    public ProxyPolicy compile(CapsuleSource capsule) {
        List<CapsuleProxyProperties> configured = capsule.properties().proxies();
        List<ProxyMount> mounts = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            mounts.add(mount(capsule.prefix() + ".proxies[" + i + "]", configured.get(i)));
        }
        return new ProxyPolicy(mounts);
    }

    private static ProxyMount mount(String prefix, CapsuleProxyProperties properties) {
        List<String> segments;
        try {
            segments = RequestPath.parse(properties.path()).segments();
        } catch (GeminiException e) {
            throw new InvalidConfigurationException(prefix + ".path", "'" + properties.path() + "' is not a path: " + e.getMessage());
        }
        BackendAddress backend = BackendAddress.parse(prefix + ".to", properties.to());
        BackendClient client = new BackendClient(backend, BackendTrust.sslContext(prefix, properties),
                positive(prefix + ".connect-timeout", properties.connectTimeout()),
                positive(prefix + ".header-timeout", properties.headerTimeout()),
                positive(prefix + ".body-timeout", properties.bodyTimeout()));
        return new ProxyMount(properties.path(), segments, backend, client);
    }

    private static Duration positive(String property, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationException(property, "must be positive, was " + timeout);
        }
        return timeout;
    }
}
