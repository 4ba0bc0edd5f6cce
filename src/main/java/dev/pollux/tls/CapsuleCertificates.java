package dev.pollux.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.CapsuleTlsProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.TlsProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The certificate each capsule serves, loaded at startup: the capsule's own (PEM files or a Spring
 * SSL bundle), else the server-wide {@code pollux.tls} one, else a generated and persisted one.
 * An unreadable file, a key that does not match, or an unknown bundle fails startup naming the setting.
 */
public final class CapsuleCertificates {

    private final TlsProperties serverTls;
    private final ServerCertificateStore store;
    private final SslBundles bundles;

    /** @param bundles Spring's SSL bundles, or null when none are configured */
    public CapsuleCertificates(TlsProperties serverTls, ServerCertificateStore store, SslBundles bundles) {
        this.serverTls = serverTls;
        this.store = store;
        this.bundles = bundles;
    }

    /** Capsule host name (as configured, wildcards included) to its certificate. */
    public Map<String, ServerCertificate> load(CapsuleRegistry registry, List<CapsuleProperties> configured) {
        Map<String, ServerCertificate> certificates = new LinkedHashMap<>();
        List<Capsule> capsules = registry.capsules();
        for (int i = 0; i < capsules.size(); i++) {
            CapsuleTlsProperties tls = i < configured.size() ? configured.get(i).tls() : new CapsuleTlsProperties(null, null, null);
            certificates.put(capsules.get(i).hostname(), forCapsule("pollux.capsules[" + i + "].tls", tls, capsules.get(i)));
        }
        return Collections.unmodifiableMap(certificates);
    }

    /** The PEM files each capsule's certificate comes from, for {@link CertificateReloader}. */
    public List<CertificateReloader.PemSource> pemSources(CapsuleRegistry registry, List<CapsuleProperties> configured) {
        List<CertificateReloader.PemSource> sources = new ArrayList<>();
        List<Capsule> capsules = registry.capsules();
        for (int i = 0; i < capsules.size(); i++) {
            CapsuleTlsProperties tls = i < configured.size() ? configured.get(i).tls() : new CapsuleTlsProperties(null, null, null);
            String hostname = capsules.get(i).hostname();
            if (tls.certificate() != null && tls.privateKey() != null) {
                sources.add(new CertificateReloader.PemSource(hostname, "pollux.capsules[" + i + "].tls.certificate", tls.certificate(), tls.privateKey()));
            } else if (!tls.isConfigured() && serverTls.hasConfiguredCertificate()) {
                sources.add(new CertificateReloader.PemSource(hostname, "pollux.tls.certificate", serverTls.certificate(), serverTls.privateKey()));
            }
        }
        return sources;
    }

    private ServerCertificate forCapsule(String prefix, CapsuleTlsProperties tls, Capsule capsule) {
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

    private static ServerCertificate pem(String property, java.nio.file.Path certificate, java.nio.file.Path key) {
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
