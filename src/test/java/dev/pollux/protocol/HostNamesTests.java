package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostNamesTests {

    @ParameterizedTest
    @CsvSource({
            "Example.ORG,      example.org",
            "example.org.,     example.org",
            "example.org\u3002, example.org",
            "Bücher.example.,  xn--bcher-kva.example",
            "[::1].,           [::1]",
    })
    void givesOneSpellingWithoutTheRootDot(String host, String normalised) {
        assertThat(HostNames.normalize(host)).isEqualTo(normalised);
    }

    /** Found by RequestLineFuzzTests: "localhost0.." was normalised to "localhost0.", a name with a trailing dot. */
    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "example.org..", "localhost0..", "a..b", ".example.org", "example.org.\u3002"})
    void refusesEmptyLabels(String host) {
        assertThatIllegalArgumentException().isThrownBy(() -> HostNames.normalize(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini://localhost0../etc/passwd", "gemini://example.org../"})
    void aRequestForAHostWithAnEmptyLabelIsMalformed(String line) {
        assertThatThrownBy(() -> new RequestLineParser().parse(line.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(GeminiException.class, refused -> assertThat(refused.status()).isEqualTo(Status.BAD_REQUEST));
    }
}
