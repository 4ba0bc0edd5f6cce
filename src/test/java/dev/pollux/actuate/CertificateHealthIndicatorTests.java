package dev.pollux.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServerCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateHealthIndicatorTests {

    private final ServerCertificate certificate = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate("example.org");
    private final ServedCertificates served = new ServedCertificates(Map.of("example.org", certificate));
    private final Instant notAfter = certificate.leaf().getNotAfter().toInstant();

    private Health healthAt(Instant now) {
        return new CertificateHealthIndicator(served, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(14)).health();
    }

    @Test
    void isUpWhileValid() {
        Health health = healthAt(Instant.now());
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("warnings");
    }

    @Test
    void warnsWithinTheWindowAndIsDownOnceExpiredOrBeforeValidity() {
        Health soon = healthAt(notAfter.minus(Duration.ofDays(3)));
        assertThat(soon.getStatus()).isEqualTo(Status.UP);
        assertThat(soon.getDetails().get("warnings").toString()).contains("example.org expires " + notAfter);
        assertThat(healthAt(notAfter.plusSeconds(1)).getStatus()).isEqualTo(Status.DOWN);
        assertThat(healthAt(notAfter.plusSeconds(1)).getDetails().toString()).contains("EXPIRED");
        assertThat(healthAt(Instant.EPOCH).getStatus()).isEqualTo(Status.DOWN);
    }
}
