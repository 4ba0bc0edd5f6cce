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
    void splitsTheUrlIntoNormalisedHostPortAndCanonicalPath() {
        GeminiRequest request = parse("gemini://Example.ORG.:1966/a%20b/./c%2Fd/?q=x%20y+z");
        assertThat(request.host()).isEqualTo("example.org");
        assertThat(request.port()).hasValue(1966);
        assertThat(request.path().raw()).isEqualTo("/a%20b/./c%2Fd/");
        assertThat(request.path().segments()).containsExactly("a b", "c", "d");
        assertThat(request.path().trailingSlash()).isTrue();
        assertThat(request.rawQuery()).isEqualTo("q=x%20y+z");
        assertThat(request.query()).isEqualTo("q=x y+z");
        assertThat(request.origin()).isEqualTo("gemini://Example.ORG.:1966");
    }

    @Test
    void leavesAnAbsentPortEmptyAndTreatsAnEmptyPathAsTheRoot() {
        GeminiRequest request = parse("gemini://example.org");
        assertThat(request.port()).isEmpty();
        assertThat(request.path().segments()).isEmpty();
        assertThat(request.path().trailingSlash()).isTrue();
        assertThat(request.path().value()).isEqualTo("/");
        assertThat(request.query()).isNull();
    }

    @Test
    void convertsUnicodeHostsToPunycodeAndKeepsIpv6Literals() {
        assertThat(parse("gemini://Bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
        assertThat(parse("gemini://bücher.example:1965/").port()).hasValue(1965);
        assertThat(parse("gemini://[::1]:1965/").host()).isEqualTo("[::1]");
    }

    @Test
    void keepsUnicodePathsAndQueries() {
        GeminiRequest request = parse("gemini://example.org/café/?q=naïve");
        assertThat(request.path().segments()).isEqualTo(List.of("café"));
        assertThat(request.path().value()).isEqualTo("/café/");
        assertThat(request.query()).isEqualTo("q=naïve");
    }

    @Test
    void refusesWithTheSpecifiedStatus() {
        assertThatThrownBy(() -> parse("")).hasFieldOrPropertyWithValue("status", Status.BAD_REQUEST);
        assertThatThrownBy(() -> parse("gemini://example.org/" + "a".repeat(1010))).hasMessageContaining("Request too long");
        assertThatThrownBy(() -> parse("gemini://bad_host^/")).hasFieldOrPropertyWithValue("status", Status.BAD_REQUEST);
        assertThatThrownBy(() -> parse("gopher://example.org/")).hasFieldOrPropertyWithValue("status", Status.PROXY_REQUEST_REFUSED);
        assertThat(parse("gemini://example.org:/").port()).isEmpty();
        assertThatThrownBy(() -> parse("gemini://example.org/../x")).hasFieldOrPropertyWithValue("status", Status.BAD_REQUEST);
    }

    @Test
    void encodesSegmentsSoTheyDecodeBack() {
        String name = "a b/ü%?#";
        assertThat(PercentEncoding.encodeSegment(name)).isEqualTo("a%20b%2F%C3%BC%25%3F%23");
        assertThat(PercentEncoding.decode(PercentEncoding.encodeSegment(name))).isEqualTo(name);
    }
}
