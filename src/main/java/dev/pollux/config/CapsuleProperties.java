package dev.pollux.config;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One capsule ({@code pollux.capsules[N].*}).
 *
 * @param hostname         the host name clients use (Unicode or punycode), or a wildcard such as {@code *.example.org}
 * @param aliases          other host names served with the same content
 * @param root             the content directory; unset serves the built-in welcome capsule. For a wildcard
 *                         host name it may contain {@code {subdomain}} as a whole path segment
 * @param indexFile        file served for a directory
 * @param directoryListing generate a listing for directories without an index file
 * @param lang             {@code lang} parameter added to text/gemini responses, e.g. {@code en}
 * @param charset          {@code charset} parameter added to text/* responses, e.g. {@code utf-8}
 * @param serveDotfiles    serve files and directories whose name starts with a dot
 * @param defaultCapsule   {@code default}: this capsule answers connections without SNI (otherwise the first capsule does)
 * @param tls              this capsule's own certificate
 * @param userDirectories  serve {@code /~user/} from this directory template containing {@code {user}},
 *                         e.g. {@code /home/{user}/public_gemini}; unset: no user directories
 * @param rules            per-path rules, first match wins
 * @param clientCaFile     PEM or DER file of CA certificates whose client certificates count as authorised on this capsule;
 *                         with {@code clientCaPath}, replaces {@code pollux.tls.client-ca-file/-path} for this capsule
 * @param clientCaPath     directory of such CA files, for this capsule
 * @param clientCertificates rules protecting paths with client certificates, first match wins
 * @param rateLimit        requests each client may make to this capsule, such as {@code 60/5m}; on top of the server-wide limit
 * @param rateLimits       stricter limits for some paths of this capsule, such as an expensive CGI script
 * @param cgi              CGI settings overriding the server-wide {@code pollux.cgi.*} ones
 * @param proxies          path prefixes relayed to other Gemini servers (reverse proxy), first match wins
 * @param fastcgi          FastCGI applications, each behind a path prefix (the longest matching prefix of all
 *                         {@code fastcgi} and {@code scgi} entries answers)
 * @param scgi             SCGI applications, each behind a path prefix
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
        @Name("default") @DefaultValue("false") boolean defaultCapsule,
        @DefaultValue CapsuleTlsProperties tls,
        String userDirectories,
        @DefaultValue List<CapsuleRuleProperties> rules,
        Path clientCaFile,
        Path clientCaPath,
        @DefaultValue List<@Valid ClientCertificateRuleProperties> clientCertificates,
        Rate rateLimit,
        @DefaultValue List<@Valid PathRateLimitProperties> rateLimits,
        @Valid @DefaultValue CapsuleCgiProperties cgi,
        @DefaultValue List<@Valid CapsuleProxyProperties> proxies,
        @DefaultValue List<@Valid CapsuleFastCgiProperties> fastcgi,
        @DefaultValue List<@Valid CapsuleScgiProperties> scgi) {

    /** A capsule with every default: what an empty {@code pollux.capsules} list serves. */
    public static CapsuleProperties defaults() {
        return new Binder().bindOrCreate("pollux.capsule", CapsuleProperties.class);
    }
}
