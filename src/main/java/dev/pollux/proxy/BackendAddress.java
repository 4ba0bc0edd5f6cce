package dev.pollux.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import javax.net.ssl.SNIHostName;

import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.HostNames;
import dev.pollux.protocol.RequestPath;

/**
 * Where a mount relays to, from {@code pollux.capsules[N].proxies[M].to}: {@code gemini://host[:port][/prefix]}.
 *
 * @param host       the backend's host name, normalised, or an IP literal (without brackets)
 * @param port       its port, 1965 when the URL names none
 * @param origin     {@code gemini://} and the authority, as the backend's URLs spell it
 * @param prefix     the decoded segments of the path the mount's path is rewritten onto
 * @param serverName the SNI name sent to the backend; null for an IP literal, which SNI cannot carry
 */
record BackendAddress(String host, int port, String origin, List<String> prefix, SNIHostName serverName) {

    BackendAddress {
        prefix = List.copyOf(prefix);
    }

    static BackendAddress parse(String property, String to) {
        URI uri;
        try {
            uri = new URI(to.strip());
        } catch (URISyntaxException e) {
            throw invalid(property, to, "it is not a URL");
        }
        if (!"gemini".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw invalid(property, to, "write gemini://host[:port][/prefix]");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(property, to, "a backend URL has no user, query or fragment");
        }
        boolean literal = uri.getHost().startsWith("[") || uri.getHost().matches("[0-9.]+");
        String host;
        SNIHostName serverName = null;
        try {
            host = literal ? uri.getHost().replace("[", "").replace("]", "") : HostNames.normalize(uri.getHost());
            if (!literal) {
                serverName = new SNIHostName(host);
            }
        } catch (IllegalArgumentException e) {
            throw invalid(property, to, "'" + uri.getHost() + "' is not a host name");
        }
        int port = uri.getPort() < 0 ? GeminiRequest.DEFAULT_PORT : uri.getPort();
        List<String> prefix;
        try {
            prefix = RequestPath.parse(uri.getRawPath()).segments();
        } catch (GeminiException e) {
            throw invalid(property, to, "its path is not a valid path");
        }
        String authority = (literal && host.contains(":") ? "[" + host + "]" : host) + (uri.getPort() < 0 ? "" : ":" + port);
        return new BackendAddress(host, port, "gemini://" + authority, prefix, serverName);
    }

    private static InvalidConfigurationException invalid(String property, String to, String problem) {
        return new InvalidConfigurationException(property, "'" + to + "' is not a backend: " + problem);
    }
}
