package dev.pollux.config;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text as a rate setting: a {@link Rate} that prints in the same syntax and parses back to itself, or
 * IllegalArgumentException (which fails binding, naming the property). Corpus: {@code RateFuzzTestsInputs/}.
 */
class RateFuzzTests {

    @FuzzTest
    void parsesARateThatPrintsAndParsesBackOrRefusesWithIllegalArgument(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Rate rate;
        try {
            rate = Rate.valueOf(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("rate");
            return;
        }
        assertThat(rate.count()).isPositive();
        assertThat(rate.period()).isPositive();
        String printed = rate.toString();
        assertThat(printed).matches("[0-9]+/[0-9]*[smhd]");
        assertThat(Rate.valueOf(printed)).isEqualTo(rate);
        assertThat(Rate.valueOf(printed)).hasToString(printed);
        assertThat(Rate.valueOf(text.strip())).isEqualTo(rate);
    }
}
