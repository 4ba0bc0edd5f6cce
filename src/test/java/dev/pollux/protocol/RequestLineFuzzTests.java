package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static dev.pollux.protocol.ProtocolInvariants.assertCanonical;
import static dev.pollux.protocol.ProtocolInvariants.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as a request line (without its CRLF): parsed into a request with a normalised host and a canonical
 * path, or refused with {@code 59} or {@code 53} and a well-formed header; never another exception.
 * Corpus: {@code RequestLineFuzzTestsInputs/}; see the README for longer, coverage-guided runs.
 */
class RequestLineFuzzTests {

    private final RequestLineParser parser = new RequestLineParser();

    @FuzzTest
    void parsesOrRefusesWithFiftyNineOrFiftyThree(byte[] line) {
        GeminiRequest request;
        try {
            request = parser.parse(line);
        } catch (GeminiException refused) {
            assertThat(refused.status()).isIn(Status.BAD_REQUEST, Status.PROXY_REQUEST_REFUSED);
            assertThat(refused.status() == Status.PROXY_REQUEST_REFUSED).isEqualTo(refused.reason() == Reason.NOT_GEMINI);
            assertThat(refused.reason()).isNotNull();
            assertWellFormed(refused.toResponse().header());
            return;
        }
        assertThat(line.length).isBetween(1, RequestLineParser.MAX_REQUEST_BYTES);
        assertThat(request.url().getBytes(StandardCharsets.UTF_8)).isEqualTo(line);
        assertThat(request.url().regionMatches(true, 0, "gemini://", 0, 9)).isTrue();

        assertThat(request.host()).isNotEmpty().isEqualTo(request.host().toLowerCase(Locale.ROOT)).doesNotEndWith(".");
        if (!request.host().startsWith("[")) {
            assertThat(request.host()).matches("[a-z0-9._*-]+");
            assertThat(HostNames.normalize(request.host())).isEqualTo(request.host());
        }
        request.port().ifPresent(port -> assertThat(port).isBetween(0, 65535));
        assertThat(request.origin()).startsWith("gemini://");
        assertThat(request.origin().substring("gemini://".length())).isNotEmpty().doesNotContain("/").doesNotContain("?");

        assertCanonical(request.path());
        if (request.rawQuery() != null) {
            assertThat(request.url()).endsWith("?" + request.rawQuery());
        }
    }
}
