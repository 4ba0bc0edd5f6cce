package dev.pollux.config;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateTests {

    @ParameterizedTest(name = "{0} -> {1} per {2}")
    @CsvSource({
            "5/s,     5,    PT1S",
            "10/30s,  10,   PT30S",
            "60/m,    60,   PT1M",
            "60/5m,   60,   PT5M",
            "1/h,     1,    PT1H",
            "100/2h,  100,  PT2H",
            "1000/d,  1000, PT24H",
            "7/3d,    7,    PT72H",
            "' 5/s ', 5,    PT1S",
    })
    void parsesJetforceRateStringsIntoACountAndAPeriod(String text, long count, Duration period) {
        assertThat(Rate.valueOf(text)).isEqualTo(new Rate(count, period));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100/2h", "5/s", "60/5m", "1000/d", "7/3d", "10/90s"})
    void printsInTheSameSyntax(String text) {
        assertThat(Rate.valueOf(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "60/", "/m", "60/5", "60/5x", "60/5M", "60 / 5m", "-1/s", "1.5/s", "60/5mm", "1234567890/s", "s/60"})
    void refusesStringsThatAreNotRates(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf(text)).withMessageContaining("is not a rate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/s", "5/0m"})
    void refusesRatesThatAllowNothing(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.valueOf(text)).withMessageContaining("a rate");
    }
}
