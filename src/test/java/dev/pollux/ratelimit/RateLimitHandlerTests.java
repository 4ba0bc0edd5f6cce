package dev.pollux.ratelimit;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHandlerTests {

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "/cgi-bin/**,    /cgi-bin,             true",
            "/cgi-bin/**,    /cgi-bin/search/deep, true",
            "/cgi-bin/**,    /cgi-binary,          false",
            "/cgi-bin/**/,   /cgi-bin/x,           true",
            "/cgi-bin//*,    /cgi-bin/x,           true",
            "/search,        /search,              true",
            "/search,        /search/more,         false",
            "/*.cgi,         /run.cgi,             true",
            "/*.cgi,         /dir/run.cgi,         false",
            "/**/*.cgi,      /dir/run.cgi,         true",
            "/page?.gmi,     /page1.gmi,           true",
            "/,              /,                    true",
            "/**,            /,                    true",
    })
    void matchesPathPatternsAgainstPathsWithoutEmptySegments(String pattern, String path, boolean applies) {
        assertThat(new RateLimitHandler.Limit(pattern, key -> null).appliesTo(path)).isEqualTo(applies);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'',            /",
            "'a,,b,',       /a/b",
            "',,cgi-bin,x', /cgi-bin/x",
            "'a/b,c',       /a/b/c",
    })
    void normalisesDecodedSegmentsLikeTheFileLookupDoes(String segments, String path) {
        assertThat(RateLimitHandler.normalisedPath(List.of(segments.split(",", -1)))).isEqualTo(path);
    }
}
