package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Titan request lines: parsed with Gemini's strictness, the parameters as the Titan specification defines them. */
class TitanRequestParsingTests {

    private final RequestLineParser parser = new RequestLineParser();

    private GeminiRequest parse(String line) {
        return parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsTheCanonicalPathFromTheParameters() {
        GeminiRequest request = parse("titan://Example.org:1965/notes/./a%20b.gmi;mime=text/plain;size=12;token=s%3Bcr%C3%A9t");
        assertThat(request.isTitan()).isTrue();
        assertThat(request.host()).isEqualTo("example.org");
        assertThat(request.port()).hasValue(1965);
        assertThat(request.path().value()).isEqualTo("/notes/a b.gmi");
        assertThat(request.titan().size()).isEqualTo(12);
        assertThat(request.titan().mimeType()).isEqualTo("text/plain");
        assertThat(request.titan().token()).isEqualTo("s;crét");
        assertThat(request.origin()).isEqualTo("gemini://Example.org:1965");
    }

    @Test
    void defaultsTheMediaTypeToGemtextAndTakesParametersInAnyOrder() {
        GeminiRequest request = parse("TITAN://example.org/a.gmi;size=0");
        assertThat(request.titan().size()).isZero();
        assertThat(request.titan().mimeType()).isEqualTo("text/gemini");
        assertThat(request.titan().token()).isNull();
        assertThat(parse("titan://example.org/a;token=;size=3;mime=Text/Gemini%3B%20charset=utf-8").titan())
                .satisfies(titan -> {
                    assertThat(titan.token()).isNull();
                    assertThat(titan.essence()).isEqualTo("text/gemini");
                    assertThat(titan.mimeType()).isEqualTo("Text/Gemini; charset=utf-8");
                });
        assertThat(parse("gemini://example.org/a;size=3").isTitan()).isFalse();
        assertThat(parse("gemini://example.org/a;size=3").path().value()).isEqualTo("/a;size=3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "titan://example.org/a.gmi",
            "titan://example.org/a.gmi;",
            "titan://example.org/a.gmi;size",
            "titan://example.org/a.gmi;size=",
            "titan://example.org/a.gmi;size=-1",
            "titan://example.org/a.gmi;size=+1",
            "titan://example.org/a.gmi;size=1e3",
            "titan://example.org/a.gmi;size=0x10",
            "titan://example.org/a.gmi;size=1%20",
            "titan://example.org/a.gmi;size=1234567890123456789",
            "titan://example.org/a.gmi;size=1;size=1",
            "titan://example.org/a.gmi;size=1;;mime=text/plain",
            "titan://example.org/a.gmi;Size=1",
            "titan://example.org/a.gmi;size=1;edit",
            "titan://example.org/a.gmi;size=1;charset=utf-8",
            "titan://example.org/a.gmi;size=1;mime=",
            "titan://example.org/a.gmi;size=1;mime=text",
            "titan://example.org/a.gmi;size=1;mime=text/gemini/x",
            "titan://example.org/a.gmi;size=1;mime=text%2Fplain%0A",
            "titan://example.org/a.gmi;size=1;mime=text/plain;mime=text/plain",
            "titan://example.org/a.gmi;size=1;token=a;token=b",
            "titan://example.org/a.gmi;size=1;token=%ff",
            "titan://example.org/a.gmi;size=1;token=%7f",
            "titan://example.org/a.gmi;size=1#f",
            "titan://user@example.org/a.gmi;size=1",
            "titan://example.org/../a.gmi;size=1",
            "titan://example.org/a/%2e%2e/%2e%2e/x;size=1",
            "titan://example.org;size=1",
            "titan:/a.gmi;size=1",
    })
    void refusesMalformedTitanRequestsWith59(String line) {
        assertThatThrownBy(() -> parse(line))
                .isInstanceOfSatisfying(GeminiException.class, e -> assertThat(e.status()).isEqualTo(Status.BAD_REQUEST));
    }

    @Test
    void stillRefusesOtherSchemesWith53() {
        assertThatThrownBy(() -> parse("titans://example.org/a;size=1"))
                .isInstanceOfSatisfying(GeminiException.class, e -> assertThat(e.status()).isEqualTo(Status.PROXY_REQUEST_REFUSED));
    }

    @Test
    void neverPrintsTheToken() {
        GeminiRequest request = parse("titan://example.org/a;size=1;token=hunter2");
        assertThat(request.titan().toString()).doesNotContain("hunter2");
        assertThat(TitanParameters.redact("titan://example.org/a;size=1;token=hunter2;mime=text/plain"))
                .isEqualTo("titan://example.org/a;size=1;token=***;mime=text/plain");
        assertThat(TitanParameters.redact("Titan://example.org/a;TOKEN=hunter2?q")).isEqualTo("Titan://example.org/a;TOKEN=***?q");
        assertThat(TitanParameters.redact("gemini://example.org/a;token=x")).isEqualTo("gemini://example.org/a;token=x");
    }

    @Test
    void neverPrintsATokenUnderAnotherSpellingOfItsName() {
        // refused as an unknown parameter, but what it carries is still meant to be secret
        assertThat(TitanParameters.redact("titan://example.org/a;size=1;%74oken=hunter2;mime=text/plain"))
                .isEqualTo("titan://example.org/a;size=1;%74oken=***;mime=text/plain");
        assertThat(TitanParameters.redact("titan://example.org/a;SIZE=1;tok%65n=hunter2;x=hunter3#f"))
                .isEqualTo("titan://example.org/a;SIZE=1;tok%65n=***;x=***#f");
    }

    @Test
    void hidesWhatHidesBehindAnEncodedSeparatorOrAParameterWithoutAName() {
        assertThat(TitanParameters.redact("titan://example.org/a;size=1%3Btoken=hunter2;mime=text/plain"))
                .isEqualTo("titan://example.org/a;size=***;mime=text/plain");
        assertThat(TitanParameters.redact("titan://example.org/a;size=1;mime=text/plain%3Btoken%3Dhunter2"))
                .isEqualTo("titan://example.org/a;size=1;mime=***");
        assertThat(TitanParameters.redact("titan://example.org/a;size=1;%74oken%3Dhunter2;hunter3"))
                .isEqualTo("titan://example.org/a;size=1;***;***");
        // the query and fragment are not parameters: shown as sent
        assertThat(TitanParameters.redact("titan://example.org/a;size=1;token=hunter2?x;y=z#f;g"))
                .isEqualTo("titan://example.org/a;size=1;token=***?x;y=z#f;g");
    }
}
