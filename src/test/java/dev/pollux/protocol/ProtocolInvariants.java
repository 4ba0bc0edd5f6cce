package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every header and every canonical path must satisfy, whatever input they were built from: the fuzz tests' oracles. */
final class ProtocolInvariants {

    private ProtocolInvariants() {
    }

    /** One line, {@code NN meta\r\n}: the meta carries no CR or LF and at most 1024 bytes. */
    static void assertWellFormed(ResponseHeader header) {
        assertThat(header.meta()).doesNotContain("\r").doesNotContain("\n");
        assertThat(header.meta().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ResponseHeader.MAX_META_BYTES);
        String line = new String(header.encode(), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo(header.status().code() + " " + header.meta() + "\r\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    /**
     * Canonical: no empty, "." or ".." segment, no separator inside a segment (so nothing climbs above the root),
     * and the canonical path, percent-encoded again, parses back to itself.
     */
    static void assertCanonical(RequestPath path) {
        List<String> segments = path.segments();
        for (String segment : segments) {
            assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/");
        }
        assertThat(path.isRoot()).isEqualTo(segments.isEmpty());
        if (path.isRoot()) {
            assertThat(path.trailingSlash()).isTrue();
        }
        String joined = "/" + String.join("/", segments);
        assertThat(path.withoutTrailingSlash()).isEqualTo(joined);
        assertThat(path.value()).isEqualTo(path.trailingSlash() && !path.isRoot() ? joined + "/" : joined);

        String encoded = segments.stream().map(PercentEncoding::encodeSegment).collect(Collectors.joining("/", "/", ""))
                + (path.trailingSlash() && !path.isRoot() ? "/" : "");
        RequestPath again = RequestPath.parse(encoded);
        assertThat(again).isEqualTo(path);
        assertThat(again.value()).isEqualTo(path.value());

        // PATH_INFO after any number of segments is a tail of the decoded path as sent
        String decoded = path.decodedRawAfter(0);
        for (int count = 0; count <= segments.size(); count++) {
            assertThat(decoded).endsWith(path.decodedRawAfter(count));
        }
    }
}
