package dev.pollux.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one canonical path: every spelling of a path is one value, and a path above the root is no path. */
class RequestPathTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                      | /",
            "/                       | /",
            "//                      | /",
            "/members/a.gmi          | /members/a.gmi",
            "//members//a.gmi        | /members/a.gmi",
            "///members/a.gmi        | /members/a.gmi",
            "/./members/./a.gmi      | /members/a.gmi",
            "/open/../members/       | /members/",
            "/members/x/..           | /members/",
            "/members/x/.            | /members/x/",
            "/members/.              | /members/",
            "/members                | /members",
            "/members/               | /members/",
            "/%6Dembers/%61.gmi      | /members/a.gmi",
            "/%2e/members/%2E%2e/m/a | /m/a",
            "/members/.%2E/x         | /x",
            "/sub/../index.gmi       | /index.gmi",
            "/a%2Fb                  | /a/b",
            "/a%2F..%2Fb             | /b",
            "/a/..%2Fb               | /b",
            "/%252e%252e/x           | /%2e%2e/x",
            "/x;y/z                  | /x;y/z",
            "/x.                     | /x.",
            "/...                    | /...",
            "/caf%C3%A9/             | /café/",
    })
    void spellingsOfOnePathAreOneValue(String raw, String canonical) {
        assertThat(RequestPath.parse(raw).value()).isEqualTo(canonical);
    }

    @Test
    void equalPathsAreEqualValues() {
        assertThat(RequestPath.parse("//a/./b/../c/")).isEqualTo(RequestPath.parse("/a/c/")).hasSameHashCodeAs(RequestPath.parse("/a/c/"));
        assertThat(RequestPath.parse("/a/c")).isNotEqualTo(RequestPath.parse("/a/c/"));
    }

    @Test
    void keepsSegmentsDecodedAndTheTrailingSlashAsAFact() {
        RequestPath path = RequestPath.parse("/a%20b//c%2Fd/");
        assertThat(path.segments()).containsExactly("a b", "c", "d");
        assertThat(path.trailingSlash()).isTrue();
        assertThat(path.withoutTrailingSlash()).isEqualTo("/a b/c/d");
        assertThat(path.raw()).isEqualTo("/a%20b//c%2Fd/");
        assertThat(RequestPath.parse("").isRoot()).isTrue();
        assertThat(RequestPath.parse("").trailingSlash()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../x", "/a/../../x", "/%2e%2e/x", "/.%2e", "//..//x", "/./../x", "/a%2F..%2F..%2Fx"})
    void refusesAPathAboveTheRoot(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw))
                .isInstanceOfSatisfying(GeminiException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.BAD_REQUEST);
                    assertThat(e.reason()).isEqualTo(Reason.PATH_ABOVE_ROOT);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%ff", "/%C3", "/a%0Ab", "/%7f", "/%C2%85", "/%zz", "/%2"})
    void refusesWhatIsNotTextOrHidesControlCharacters(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw))
                .isInstanceOfSatisfying(GeminiException.class, e -> assertThat(e.status()).isEqualTo(Status.BAD_REQUEST));
    }

    @Test
    void givesWhatFollowsSomeSegmentsAsSent() {
        RequestPath path = RequestPath.parse("/cgi-bin/run.sh/gemini://example.org/a%2Fb/");
        assertThat(path.decodedRawAfter(2)).isEqualTo("/gemini://example.org/a/b/");
        assertThat(RequestPath.parse("/x/../cgi-bin/run.sh").decodedRawAfter(2)).isEmpty();
        assertThat(RequestPath.parse("//cgi-bin//run.sh//x").decodedRawAfter(2)).isEqualTo("//x");
        assertThat(path.decodedRawAfter(0)).isEqualTo("/cgi-bin/run.sh/gemini://example.org/a/b/");
    }
}
