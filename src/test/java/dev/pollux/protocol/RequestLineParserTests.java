package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLineParserTests {

    private final RequestLineParser parser = new RequestLineParser();

    private GeminiRequest parse(String line) {
        return parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsTheUrlIntoNormalisedHostPortAndDecodedSegments() {
        GeminiRequest request = parse("gemini://Example.ORG.:1966/a%20b/c%2Fd/?q=x%20y+z");
        assertThat(request.host()).isEqualTo("example.org");
        assertThat(request.port()).isEqualTo(1966);
        assertThat(request.rawPath()).isEqualTo("/a%20b/c%2Fd/");
        assertThat(request.pathSegments()).containsExactly("a b", "c/d", "");
        assertThat(request.endsWithSlash()).isTrue();
        assertThat(request.rawQuery()).isEqualTo("q=x%20y+z");
        assertThat(request.query()).isEqualTo("q=x y+z");
        assertThat(request.origin()).isEqualTo("gemini://Example.ORG.:1966");
    }

    @Test
    void defaultsThePortAndTreatsAnEmptyPathAsTheRoot() {
        GeminiRequest request = parse("gemini://example.org");
        assertThat(request.port()).isEqualTo(1965);
        assertThat(request.pathSegments()).isEmpty();
        assertThat(request.endsWithSlash()).isTrue();
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.query()).isNull();
    }

    @Test
    void convertsUnicodeHostsToPunycodeAndKeepsIpv6Literals() {
        assertThat(parse("gemini://Bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
        assertThat(parse("gemini://bücher.example:1965/").port()).isEqualTo(1965);
        assertThat(parse("gemini://[::1]:1965/").host()).isEqualTo("[::1]");
    }

    @Test
    void keepsUnicodePathsAndQueries() {
        GeminiRequest request = parse("gemini://example.org/café/?q=naïve");
        assertThat(request.pathSegments()).isEqualTo(List.of("café", ""));
        assertThat(request.query()).isEqualTo("q=naïve");
    }

    @Test
    void refusesWithTheSpecifiedStatus() {
        assertThatThrownBy(() -> parse("")).hasFieldOrPropertyWithValue("status", Status.BAD_REQUEST);
        assertThatThrownBy(() -> parse("gemini://example.org/" + "a".repeat(1010))).hasMessageContaining("Request too long");
        assertThatThrownBy(() -> parse("gemini://bad_host^/")).hasFieldOrPropertyWithValue("status", Status.BAD_REQUEST);
        assertThatThrownBy(() -> parse("gopher://example.org/")).hasFieldOrPropertyWithValue("status", Status.PROXY_REQUEST_REFUSED);
        assertThat(parse("gemini://example.org:/").port()).isEqualTo(1965);
    }

    @Test
    void encodesSegmentsSoTheyDecodeBack() {
        String name = "a b/ü%?#";
        assertThat(PercentEncoding.encodeSegment(name)).isEqualTo("a%20b%2F%C3%BC%25%3F%23");
        assertThat(PercentEncoding.decode(PercentEncoding.encodeSegment(name))).isEqualTo(name);
    }
}
