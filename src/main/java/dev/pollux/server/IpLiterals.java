package dev.pollux.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP-address hosts in URLs ({@code 192.0.2.1}, {@code [2001:db8::1]}), parsed without any DNS lookup. */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

    private IpLiterals() {
    }

    static boolean isLiteral(String host) {
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
    }

    static Optional<InetAddress> parse(String host) {
        if (!isLiteral(host)) {
            return Optional.empty();
        }
        try {
            // a literal never causes a lookup: getByName only parses it
            return Optional.of(InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
