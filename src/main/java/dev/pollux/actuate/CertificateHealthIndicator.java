package dev.pollux.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServerCertificate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when a served certificate has expired (or is not valid yet); UP otherwise, with a warning
 * for each certificate that expires within the configured window. Details name capsules,
 * fingerprints and dates only, never files or keys.
 */
public final class CertificateHealthIndicator implements HealthIndicator {

    private final ServedCertificates certificates;
    private final Clock clock;
    private final Duration warningWindow;

    public CertificateHealthIndicator(ServedCertificates certificates, Clock clock, Duration warningWindow) {
        this.certificates = certificates;
        this.clock = clock;
        this.warningWindow = warningWindow;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean invalid = false;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> capsules = new LinkedHashMap<>();
        for (Map.Entry<String, ServerCertificate> entry : certificates.current().entrySet()) {
            ServerCertificate certificate = entry.getValue();
            Instant notBefore = certificate.leaf().getNotBefore().toInstant();
            Instant notAfter = certificate.leaf().getNotAfter().toInstant();
            String state;
            if (now.isAfter(notAfter)) {
                state = "EXPIRED";
                invalid = true;
            } else if (now.isBefore(notBefore)) {
                state = "NOT_YET_VALID";
                invalid = true;
            } else if (now.plus(warningWindow).isAfter(notAfter)) {
                state = "WILL_EXPIRE_SOON";
                warnings.add(entry.getKey() + " expires " + notAfter);
            } else {
                state = "VALID";
            }
            capsules.put(entry.getKey(), Map.of("state", state, "fingerprint", certificate.fingerprint(),
                    "notBefore", notBefore.toString(), "notAfter", notAfter.toString()));
        }
        Health.Builder health = invalid ? Health.down() : Health.up();
        health.withDetail("capsules", capsules);
        if (!warnings.isEmpty()) {
            health.withDetail("warnings", warnings);
        }
        return health.build();
    }
}
