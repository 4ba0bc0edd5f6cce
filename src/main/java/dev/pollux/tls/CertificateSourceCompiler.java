package dev.pollux.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleTlsProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.TlsProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Each capsule's certificate source, loaded at startup: the capsule's own (PEM files or a Spring
 * SSL bundle), else the server-wide {@code pollux.tls} one, else a generated and persisted one.
 * An unreadable file, a key that does not match, or an unknown bundle fails startup naming the setting.
 */
final class CertificateSourceCompiler implements CapsulePolicyCompiler<CertificateSource> {

    private final TlsProperties serverTls;
    private final ServerCertificateStore store;
    private final SslBundles bundles;

    /** @param bundles Spring's SSL bundles, or null when none are configured */
    CertificateSourceCompiler(TlsProperties serverTls, ServerCertificateStore store, SslBundles bundles) {
        this.serverTls = serverTls;
        this.store = store;
        this.bundles = bundles;
    }

    @Override
    public PolicyKey<CertificateSource> key() {
        return CertificateSource.POLICY;
    }

    @Override
    public CertificateSource compile(CapsuleSource capsule) {
        String prefix = capsule.prefix() + ".tls";
        CapsuleTlsProperties tls = capsule.properties().tls();
        ServerCertificate certificate = load(prefix, tls, capsule);
        CertificateReloader.PemSource reloadFrom = null;
        if (tls.certificate() != null && tls.privateKey() != null) {
            reloadFrom = new CertificateReloader.PemSource(capsule.hostname(), prefix + ".certificate", tls.certificate(), tls.privateKey());
        } else if (!tls.isConfigured() && serverTls.hasConfiguredCertificate()) {
            reloadFrom = new CertificateReloader.PemSource(capsule.hostname(), "pollux.tls.certificate", serverTls.certificate(), serverTls.privateKey());
        }
        return new CertificateSource(certificate, reloadFrom);
    }

    private ServerCertificate load(String prefix, CapsuleTlsProperties tls, CapsuleSource capsule) {
        if (tls.bundle() != null) {
            if (tls.certificate() != null || tls.privateKey() != null) {
                throw new InvalidConfigurationException(prefix + ".bundle", "set either bundle or certificate and private-key, not both");
            }
            return fromBundle(prefix + ".bundle", tls.bundle());
        }
        if (tls.isConfigured()) {
            if (tls.certificate() == null || tls.privateKey() == null) {
                throw new InvalidConfigurationException(prefix + ".certificate", "certificate and private-key must be set together");
            }
            return pem(prefix + ".certificate", tls.certificate(), tls.privateKey());
        }
        if (serverTls.hasConfiguredCertificate()) {
            return pem("pollux.tls.certificate", serverTls.certificate(), serverTls.privateKey());
        }
        return store.generatedFor(capsule.hostname(), capsule.aliases());
    }

    private static ServerCertificate pem(String property, Path certificate, Path key) {
        try {
            return ServerCertificateStore.readPem(certificate, key);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(property, e.getMessage());
        }
    }

    private ServerCertificate fromBundle(String property, String name) {
        if (bundles == null) {
            throw new InvalidConfigurationException(property, "no Spring SSL bundles are configured (spring.ssl.bundle.*)");
        }
        try {
            SslBundle bundle = bundles.getBundle(name);
            KeyStore store = bundle.getStores().getKeyStore();
            if (store == null) {
                throw new InvalidConfigurationException(property, "SSL bundle '" + name + "' has no key store");
            }
            String alias = bundle.getKey().getAlias() != null ? bundle.getKey().getAlias() : firstKeyAlias(store);
            String password = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword() : bundle.getStores().getKeyStorePassword();
            PrivateKey key = (PrivateKey) store.getKey(alias, password == null ? new char[0] : password.toCharArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) certificate);
            }
            ServerCertificate loaded = new ServerCertificate(key, chain);
            if (!loaded.keyMatchesCertificate()) {
                throw new InvalidConfigurationException(property, "the key in SSL bundle '" + name + "' does not match its certificate");
            }
            return loaded;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof InvalidConfigurationException invalid) {
                throw invalid;
            }
            throw new InvalidConfigurationException(property, "cannot use SSL bundle '" + name + "': " + e.getMessage());
        }
    }

    private static String firstKeyAlias(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new GeneralSecurityException("no key entry");
    }
}
