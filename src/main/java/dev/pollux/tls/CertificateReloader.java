package dev.pollux.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves renewed certificates without a restart: polls the configured PEM files (certbot renewals, rotated
 * Kubernetes Secrets; see {@link FilePoller}) and, when they change and read back as a valid pair, makes new
 * handshakes use them. Connections in flight keep theirs. A broken or half-written pair is logged and the old
 * certificate stays in use.
 */
public final class CertificateReloader extends FilePoller {

    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

    /** PEM files serving one capsule. */
    public record PemSource(String capsule, String property, Path certificate, Path privateKey) {
    }

    private final List<PemSource> sources;
    private final ServedCertificates served;
    private final Map<PemSource, String> stamps = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();

    public CertificateReloader(List<PemSource> sources, ServedCertificates served, Duration interval) {
        super(interval, "pollux-certificate-reload");
        this.sources = List.copyOf(sources);
        this.served = served;
        sources.forEach(source -> stamps.put(source, stamp(source)));
    }

    @Override
    boolean watchesFiles() {
        return !sources.isEmpty();
    }

    @Override
    void poll() {
        checkAll();
    }

    /** Checks every source once: reloads those whose files changed. */
    public void checkAll() {
        for (PemSource source : sources) {
            String stamp = stamp(source);
            if (stamp.equals(stamps.get(source))) {
                continue;
            }
            stamps.put(source, stamp);
            reload(source);
        }
    }

    private void reload(PemSource source) {
        try {
            ServerCertificate certificate = ServerCertificateStore.readPem(source.certificate(), source.privateKey());
            ServerCertificate previous = served.current().get(source.capsule());
            if (previous != null && previous.fingerprint().equals(certificate.fingerprint())) {
                return;
            }
            served.replace(source.capsule(), certificate);
            log.info("Reloaded the certificate of {} from {} ({}, valid until {})", source.capsule(), source.certificate(),
                    certificate.fingerprint(), certificate.leaf().getNotAfter().toInstant());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.warn("Not reloading the certificate of {} ({}): {}; the previous certificate stays in use",
                    source.capsule(), source.property(), e.getMessage());
        }
    }

    /** Changed files that could not be used (unreadable, half-written, a key that does not match), since startup. */
    public long failures() {
        return failures.get();
    }

    /** A digest of both files' contents (following links), or a marker when one cannot be read. */
    private static String stamp(PemSource source) {
        return stamp(source.certificate()) + "|" + stamp(source.privateKey());
    }
}
