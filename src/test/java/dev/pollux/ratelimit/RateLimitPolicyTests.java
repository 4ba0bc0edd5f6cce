package dev.pollux.ratelimit;

import dev.pollux.protocol.RequestPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPolicyTests {

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
            "/search,        //search/,            true",
            "/cgi-bin/**,    /x/../cgi-bin/run,    true",
    })
    void matchesPathPatternsAgainstTheCanonicalPath(String pattern, String path, boolean applies) {
        assertThat(new RateLimitPolicy.Limit(pattern, key -> null).appliesTo(RequestPath.parse(path))).isEqualTo(applies);
    }
}
