package dev.pollux.handler.cgi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pollux.PolluxVersion;
import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.tls.ClientCertificate;

/**
 * A script's whole environment, built from nothing: {@code PATH}, the configured extra variables,
 * then the request's variables in Jetforce's names and formats (these always win), plus the few
 * that CGI users expect and Jetforce lacks. Nothing of the server's own environment is passed on.
 */
public final class CgiEnvironment {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final String serverSoftware;

    public CgiEnvironment() {
        this("pollux/" + PolluxVersion.current());
    }

    CgiEnvironment(String serverSoftware) {
        this.serverSoftware = serverSoftware;
    }

    public Map<String, String> build(GeminiExchange exchange, CgiScriptResolver.Script script, CgiSettings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", settings.path());
        environment.putAll(settings.environment());
        environment.putAll(requestVariables(exchange, script.scriptName(), script.pathInfo()));
        return environment;
    }

    /**
     * The request's own variables, without {@code PATH} or configured extras: what FastCGI and SCGI
     * applications receive too, so a script sees the same request through any gateway.
     *
     * @param scriptName the path that selected the script or application, {@code ""} for the root
     * @param pathInfo   what the client sent after it, decoded
     */
    public Map<String, String> requestVariables(GeminiExchange exchange, String scriptName, String pathInfo) {
        GeminiRequest request = exchange.request();
        ClientConnection connection = exchange.connection();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GATEWAY_INTERFACE", "CGI/1.1");
        environment.put("SERVER_PROTOCOL", "GEMINI");
        environment.put("SERVER_SOFTWARE", serverSoftware);
        environment.put("GEMINI_URL", request.url());
        environment.put("SCRIPT_NAME", scriptName);
        environment.put("PATH_INFO", pathInfo);
        environment.put("QUERY_STRING", request.rawQuery() == null ? "" : request.rawQuery());
        environment.put("SERVER_NAME", exchange.capsule().hostname());
        environment.put("HOSTNAME", exchange.capsule().hostname());
        environment.put("SERVER_PORT", String.valueOf(exchange.serverPort()));
        environment.put("REMOTE_ADDR", address(connection.remoteAddress()));
        environment.put("REMOTE_HOST", address(connection.remoteAddress()));
        environment.put("REMOTE_PORT", String.valueOf(connection.remoteAddress().getPort()));
        environment.put("SERVER_ADDR", address(connection.localAddress()));
        environment.put("REQUEST_METHOD", "");
        environment.put("DOCUMENT_ROOT", exchange.capsule().root().toString());
        putIfKnown(environment, "TLS_CIPHER", connection.tlsCipher());
        putIfKnown(environment, "TLS_VERSION", connection.tlsProtocol());
        exchange.certificate().ifPresent(certificate -> putCertificate(environment, certificate));
        return environment;
    }

    private static void putCertificate(Map<String, String> environment, ClientCertificate certificate) {
        environment.put("AUTH_TYPE", "CERTIFICATE");
        environment.put("REMOTE_USER", certificate.commonName() == null ? "" : certificate.commonName());
        environment.put("TLS_CLIENT_HASH", certificate.fingerprint());
        // Jetforce gives the base64 digest without the "SHA256:" prefix its hex form has
        environment.put("TLS_CLIENT_HASH_B64", certificate.fingerprintBase64().substring("SHA256:".length()));
        environment.put("TLS_CLIENT_NOT_BEFORE", timestamp(certificate.notBefore()));
        environment.put("TLS_CLIENT_NOT_AFTER", timestamp(certificate.notAfter()));
        environment.put("TLS_CLIENT_SERIAL_NUMBER", certificate.serialNumber().toString());
        environment.put("TLS_CLIENT_AUTHORISED", certificate.authorised() ? "1" : "0");
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String address(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString();
        }
        return ip instanceof Inet6Address ? compressed(ip.getAddress()) : ip.getHostAddress();
    }

    /** An IPv6 address in its usual short form (RFC 5952: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}), as Jetforce gives it. */
    static String compressed(byte[] ipv6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((ipv6[2 * i] & 0xff) << 8) | (ipv6[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static void putIfKnown(Map<String, String> environment, String name, String value) {
        if (value != null) {
            environment.put(name, value);
        }
    }
}
