package dev.pollux.titan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.clientcert.CertificateRequirement;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.CapsuleTitanProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.RequestPath;

/**
 * Each capsule's {@link TitanPolicy}. Settings that cannot work fail startup, naming them: an enabled capsule needs a
 * content root of its own, at least one path, and a certificate requirement or a token (else anyone could write).
 */
final class TitanPolicyCompiler implements CapsulePolicyCompiler<TitanPolicy> {

    private final boolean serverTrustsCas;

    /** @param serverTrustsCas whether {@code pollux.tls.client-ca-file} or {@code -path} is set */
    TitanPolicyCompiler(boolean serverTrustsCas) {
        this.serverTrustsCas = serverTrustsCas;
    }

    @Override
    public PolicyKey<TitanPolicy> key() {
        return TitanPolicy.POLICY;
    }

    @Override
    public TitanPolicy compile(CapsuleSource capsule) {
        CapsuleProperties properties = capsule.properties();
        CapsuleTitanProperties titan = properties.titan();
        String prefix = capsule.prefix() + ".titan";
        if (!titan.enabled()) {
            return TitanPolicy.DISABLED;
        }
        if (properties.root() == null) {
            throw new InvalidConfigurationException(prefix + ".enabled", "uploads need the capsule's own root, not the built-in welcome pages");
        }
        if (titan.paths().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".paths", "name at least one path that may be written, such as /notes/");
        }
        if (titan.require() == null && titan.token() == null) {
            throw new InvalidConfigurationException(prefix + ".require", "uploads need require (a client certificate) or a token: "
                    + "otherwise anyone could write");
        }
        if (titan.token() != null && titan.token().isBlank()) {
            throw new InvalidConfigurationException(prefix + ".token", "must not be blank");
        }
        if (titan.maxSize().isNegative()) {
            throw new InvalidConfigurationException(prefix + ".max-size", "must not be negative, was " + titan.maxSize());
        }
        boolean trustsCas = serverTrustsCas || properties.clientCaFile() != null || properties.clientCaPath() != null;
        CertificateRequirement requirement = titan.require() == null ? null
                : CertificateRequirement.configured(prefix, titan.require(), titan.fingerprints(), trustsCas, capsule.prefix());
        if (titan.require() == null && !titan.fingerprints().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "fingerprints are used only with require: fingerprints");
        }
        Set<String> mimeTypes = titan.mimeTypes().stream().map(type -> type.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new TitanPolicy(true, paths(prefix + ".paths", titan.paths()), requirement,
                titan.token() == null ? null : new UploadToken(titan.token()), titan.maxSize().toBytes(), mimeTypes, titan.allowDelete());
    }

    /** Each path as canonical segments, as request paths are matched. */
    private static List<List<String>> paths(String property, List<String> paths) {
        List<List<String>> compiled = new ArrayList<>();
        for (String path : paths) {
            try {
                compiled.add(RequestPath.parse(path).segments());
            } catch (GeminiException e) {
                throw new InvalidConfigurationException(property, "'" + path + "' is not a path inside the capsule");
            }
        }
        return compiled;
    }
}
