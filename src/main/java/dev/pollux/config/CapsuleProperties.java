package dev.pollux.config;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One capsule ({@code pollux.capsules[N].*}).
 *
 * @param hostname         the host name clients use (Unicode or punycode)
 * @param aliases          other host names served with the same content
 * @param root             the content directory; unset serves the built-in welcome capsule
 * @param indexFile        file served for a directory
 * @param directoryListing generate a listing for directories without an index file
 * @param lang             {@code lang} parameter added to text/gemini responses, e.g. {@code en}
 * @param charset          {@code charset} parameter added to text/* responses, e.g. {@code utf-8}
 * @param serveDotfiles    serve files and directories whose name starts with a dot
 * @param cgi              CGI settings overriding the server-wide {@code pollux.cgi.*} ones
 */
public record CapsuleProperties(
        @NotBlank @DefaultValue("localhost") String hostname,
        @DefaultValue List<String> aliases,
        Path root,
        @NotBlank @DefaultValue("index.gmi") String indexFile,
        @DefaultValue("true") boolean directoryListing,
        @Pattern(regexp = "[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*", message = "must be language tags separated by commas") String lang,
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be a charset name") String charset,
        @DefaultValue("false") boolean serveDotfiles,
        @Valid @DefaultValue CapsuleCgiProperties cgi) {
}
