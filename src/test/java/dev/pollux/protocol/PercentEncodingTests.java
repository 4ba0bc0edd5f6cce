package dev.pollux.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PercentEncodingTests {

    @ParameterizedTest
    @CsvSource({"%41%62, Ab", "%4f%4F, OO", "%C3%A9, é", "a+b, a+b"})
    void decodesAsciiHexEscapes(String raw, String decoded) {
        assertThat(PercentEncoding.decode(raw)).isEqualTo(decoded);
    }

    /** Found by PercentEncodingFuzzTests: "%۶F" decoded to "o", as Character.digit reads U+06F6 as 6. RFC 3986 escapes are ASCII. */
    @ParameterizedTest
    @ValueSource(strings = {"%\u06f6F", "%\u0663\u0663", "%\uff14\uff11", "%\uff41\uff46", "%4\u0661"})
    void refusesEscapesWithDigitsOrLettersOutsideAscii(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> PercentEncoding.decode(raw)).withMessageContaining("percent escape");
    }
}
