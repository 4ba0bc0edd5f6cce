package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static dev.pollux.protocol.ProtocolInvariants.assertCanonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Percent-encoding both ways, and the canonical path built on it. The input is read as UTF-8 text, so every
 * string here is well-formed Unicode: text decoded from a request line, a file name or a rule always is (the
 * request line is strict UTF-8, and the JDK decodes file names to well-formed strings); a lone surrogate cannot
 * be encoded in UTF-8 at all. Corpus: {@code PercentEncodingFuzzTestsInputs/}.
 */
class PercentEncodingFuzzTests {

    @FuzzTest
    void decodingUndoesSegmentEncoding(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String encoded = PercentEncoding.encodeSegment(text);
        // unreserved characters and upper-case escapes only (checked without a regex that recurses once per character)
        assertThat(encoded.replaceAll("%[0-9A-F]{2}", "")).matches("[A-Za-z0-9._~-]*");
        assertThat(PercentEncoding.decode(encoded)).isEqualTo(text);
    }

    @FuzzTest
    void decodingUndoesUnsafeEncodingOfTextWithoutPercentSigns(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String encoded = PercentEncoding.encodeUnsafe(text);
        // printable ASCII without blanks: safe in a header and in a URL
        assertThat(encoded).matches("[\\x21-\\x7e]*").doesNotContain("\"").doesNotContain("<").doesNotContain(">");
        assertThat(PercentEncoding.encodeUnsafe(encoded)).isEqualTo(encoded);
        if (text.indexOf('%') < 0) {
            assertThat(PercentEncoding.decode(encoded)).isEqualTo(text);
        }
    }

    /** Raw and escaped spellings of the same bytes decode alike; a failure is always IllegalArgumentException. */
    @FuzzTest
    void decodesOrRefusesWithIllegalArgument(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        String decoded;
        try {
            decoded = PercentEncoding.decode(raw);
        } catch (IllegalArgumentException refused) {
            assertThat(raw).contains("%");
            assertThat(catchThrowable(() -> PercentEncoding.decode(PercentEncoding.encodeUnsafe(raw))))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        if (raw.indexOf('%') < 0) {
            assertThat(decoded).isSameAs(raw);
        }
        assertThat(PercentEncoding.decode(PercentEncoding.encodeUnsafe(raw))).isEqualTo(decoded);
        assertThat(PercentEncoding.decode(PercentEncoding.encodeSegment(decoded))).isEqualTo(decoded);
    }

    /** Any path as received: a canonical path, or 59 for bad UTF-8, control characters, a missing slash or a climb above the root. */
    @FuzzTest
    void parsesAnyPathIntoACanonicalOneOrRefusesWithFiftyNine(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        RequestPath path;
        try {
            path = RequestPath.parse(raw);
        } catch (GeminiException refused) {
            assertThat(refused.status()).isEqualTo(Status.BAD_REQUEST);
            assertThat(refused.reason()).isIn(Reason.MALFORMED, Reason.INVALID_UTF8, Reason.PATH_ABOVE_ROOT);
            ProtocolInvariants.assertWellFormed(refused.toResponse().header());
            return;
        }
        assertThat(path.raw()).isEqualTo(raw);
        assertCanonical(path);
    }
}
