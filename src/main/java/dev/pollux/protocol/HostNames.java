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
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (name.startsWith("[")) {
            return name.toLowerCase(Locale.ROOT);
        }
        String ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '*';
            if (!allowed) {
                throw new IllegalArgumentException("invalid character in host name");
            }
        }
        return ascii;
    }
}
