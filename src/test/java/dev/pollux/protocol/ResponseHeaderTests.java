package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResponseHeaderTests {

    @Test
    void encodesStatusSpaceMetaCrlf() {
        assertThat(new String(new ResponseHeader(Status.SUCCESS, "text/gemini; lang=en").encode(), StandardCharsets.UTF_8))
                .isEqualTo("20 text/gemini; lang=en\r\n");
        assertThat(new String(new ResponseHeader(Status.NOT_FOUND, null).encode(), StandardCharsets.UTF_8)).isEqualTo("51 \r\n");
    }

    @Test
    void refusesMetaThatCouldForgeALineOrIsTooLong() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ResponseHeader(Status.REDIRECT_TEMPORARY, "/a\r\n20 text/gemini"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ResponseHeader(Status.INPUT, "a\nb"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ResponseHeader(Status.INPUT, "é".repeat(513)));
        assertThat(new ResponseHeader(Status.INPUT, "a".repeat(1024)).meta()).hasSize(1024);
    }

    @Test
    void onlySuccessCarriesABody() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GeminiResponse(new ResponseHeader(Status.NOT_FOUND, "x"), reactor.core.publisher.Flux.empty()));
        assertThat(Status.ofCode(44)).isEqualTo(Status.SLOW_DOWN);
        assertThat(Status.ofCode(25)).isNull();
    }
}
