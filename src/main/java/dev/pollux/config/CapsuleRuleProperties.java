package dev.pollux.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One per-path rule ({@code pollux.capsules[N].rules[M].*}). {@code path} is a Java regular
 * expression that must match the whole percent-decoded path; the first rule that matches wins.
 * Each rule does one thing: redirect, gone, hidden, or override the media type, lang or charset.
 *
 * @param path      regular expression for the whole decoded path, e.g. {@code /old/(.*)}
 * @param redirect  redirect target; {@code $1} or {@code ${name}} insert captured groups
 * @param permanent with {@code redirect}: answer {@code 31} instead of {@code 30}
 * @param gone      answer {@code 52 Gone}
 * @param hidden    answer {@code 51} as if the path did not exist
 * @param mimeType  media type for successful responses on matching paths
 * @param lang      {@code lang} parameter for matching text/gemini responses
 * @param charset   {@code charset} parameter for matching text/* responses
 */
public record CapsuleRuleProperties(
        String path,
        String redirect,
        @DefaultValue("false") boolean permanent,
        @DefaultValue("false") boolean gone,
        @DefaultValue("false") boolean hidden,
        String mimeType,
        String lang,
        String charset) {
}
