package dev.pollux.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.PolluxVersion;
import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServerCertificate;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** {@code pollux}: the version, and each capsule's host names and certificate (fingerprint and dates; never keys or paths). */
public final class PolluxInfoContributor implements InfoContributor {

    private final CapsuleRegistry capsules;
    private final ServedCertificates certificates;

    public PolluxInfoContributor(CapsuleRegistry capsules, ServedCertificates certificates) {
        this.capsules = capsules;
        this.certificates = certificates;
    }

    @Override
    public void contribute(Info.Builder builder) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (Capsule capsule : capsules.capsules()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("hostname", capsule.hostname());
            entry.put("aliases", capsule.aliases());
            entry.put("default", capsule == capsules.defaultCapsule());
            ServerCertificate certificate = certificates.current().get(capsule.hostname());
            if (certificate != null) {
                entry.put("certificate", Map.of(
                        "fingerprint", certificate.fingerprint(),
                        "subject", certificate.leaf().getSubjectX500Principal().getName(),
                        "notBefore", certificate.leaf().getNotBefore().toInstant().toString(),
                        "notAfter", certificate.leaf().getNotAfter().toInstant().toString()));
            }
            described.add(entry);
        }
        builder.withDetail("pollux", Map.of("version", PolluxVersion.current(), "capsules", described));
    }
}
