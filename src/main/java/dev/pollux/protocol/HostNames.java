package dev.pollux.protocol;

import java.net.IDN;
import java.util.Locale;

/** One spelling per host name: ASCII (punycode), lower case, no trailing dot. */
public final class HostNames {

    private HostNames() {
    }

    /**
     * Normalises a host name or IP literal.
     *
     * @throws IllegalArgumentException if the name is not a valid host name
     */
    public static String normalize(String host) {
        if (host.startsWith("[")) {
            return (host.endsWith(".") ? host.substring(0, host.length() - 1) : host).toLowerCase(Locale.ROOT);
        }
        // IDN refuses empty labels but keeps one trailing dot (and turns a trailing U+3002 into one): the root, dropped here
        String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '*';
            if (!allowed) {
                throw new IllegalArgumentException("invalid character in host name");
            }
        }
        return name;
    }
}
