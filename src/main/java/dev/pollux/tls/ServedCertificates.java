package dev.pollux.tls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The certificate each capsule serves right now, by the capsule's configured host name. Hot reload
 * replaces entries; the TLS selector, health and info read them.
 */
public final class ServedCertificates {

    private volatile Map<String, ServerCertificate> certificates;
    private final List<BiConsumer<String, ServerCertificate>> listeners = new CopyOnWriteArrayList<>();

    public ServedCertificates(Map<String, ServerCertificate> initial) {
        this.certificates = Collections.unmodifiableMap(new LinkedHashMap<>(initial));
    }

    /** Capsule host name to certificate, in capsule order. */
    public Map<String, ServerCertificate> current() {
        return certificates;
    }

    public synchronized void replace(String capsule, ServerCertificate certificate) {
        if (!certificates.containsKey(capsule)) {
            throw new IllegalArgumentException("no capsule " + capsule);
        }
        Map<String, ServerCertificate> next = new LinkedHashMap<>(certificates);
        next.put(capsule, certificate);
        certificates = Collections.unmodifiableMap(next);
        listeners.forEach(listener -> listener.accept(capsule, certificate));
    }

    /** Called with the capsule and its new certificate after each replacement. */
    public void onChange(BiConsumer<String, ServerCertificate> listener) {
        listeners.add(listener);
    }
}
