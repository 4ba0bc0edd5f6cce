package dev.pollux.titan;

import java.util.List;
import java.util.Set;

import dev.pollux.capsule.PolicyKey;
import dev.pollux.clientcert.CertificateRequirement;
import dev.pollux.protocol.RequestPath;

/**
 * A capsule's Titan uploads, compiled from {@code pollux.capsules[N].titan}: whether they are accepted, where, from whom,
 * how large and of what type. Immutable, shared by every view of a wildcard capsule.
 *
 * @param paths       the canonical path prefixes that may be written, each as its segments; matched segment by segment
 * @param requirement the client certificate an upload needs, or null when none is asked for
 * @param token       the token an upload must carry, or null when none is asked for
 * @param maxSize     the largest upload accepted, in bytes
 * @param mimeTypes   the media types accepted (lower case, without parameters); empty accepts any
 */
public record TitanPolicy(boolean enabled, List<List<String>> paths, CertificateRequirement requirement, UploadToken token,
                          long maxSize, Set<String> mimeTypes, boolean allowDelete) {

    public static final PolicyKey<TitanPolicy> POLICY = PolicyKey.of("titan", TitanPolicy.class);

    /** Uploads refused: what a capsule without {@code titan.enabled} has. */
    static final TitanPolicy DISABLED = new TitanPolicy(false, List.of(), null, null, 0, Set.of(), false);

    public TitanPolicy {
        paths = paths.stream().map(List::copyOf).toList();
        mimeTypes = Set.copyOf(mimeTypes);
    }

    /** True when {@code path} is one of the prefixes or below one: {@code /notes/} covers {@code /notes/a.gmi}, not {@code /notes-old}. */
    boolean mayWrite(RequestPath path) {
        List<String> segments = path.segments();
        return paths.stream().anyMatch(prefix -> segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix));
    }

    /** True when uploads of this media type (its essence: lower case, no parameters) are accepted. */
    boolean accepts(String essence) {
        return mimeTypes.isEmpty() || mimeTypes.contains(essence);
    }
}
