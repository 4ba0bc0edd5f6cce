package dev.pollux.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.pollux.config.AccessLogProperties.ClientAddressLogging;

/**
 * A client's address as the access log shows it. Masked, it keeps the network (IPv4 /24, IPv6 /48) and no port:
 * enough to see that requests came from one place, as agate and most small-web servers log, without recording
 * who each reader is.
 */
final class LoggedClientAddress {

    private LoggedClientAddress() {
    }

    static String of(InetSocketAddress client, ClientAddressLogging logging) {
        if (client == null || logging == ClientAddressLogging.NONE) {
            return "-";
        }
        InetAddress address = client.getAddress();
        if (logging == ClientAddressLogging.FULL) {
            return address.getHostAddress() + ":" + client.getPort();
        }
        byte[] bytes = address.getAddress();
        int prefix = bytes.length == 4 ? 24 : 48;
        byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, prefix / 8), bytes.length);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
