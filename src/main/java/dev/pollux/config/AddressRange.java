package dev.pollux.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A CIDR range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a range of one.
 * Only address literals are accepted, so parsing never asks DNS. IPv4-mapped IPv6 addresses count as IPv4,
 * in ranges and in the addresses tested against them. A value type of the properties that list ranges
 * ({@code pollux.rate-limit-allow}, {@code pollux.server.trusted-proxies}), as {@link Rate} is of limits.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** @throws IllegalArgumentException with a message fit for the operator */
    public static AddressRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean ipv4 = IPV4.matcher(literal).matches() && Arrays.stream(literal.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!ipv4 && !IPV6.matcher(literal).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: write ADDRESS/PREFIX, such as 10.0.0.0/8 or 2001:db8::/32");
        }
        byte[] address;
        try {
            address = canonical(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: '" + literal + "' is not an IP address");
        }
        int bits = address.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: the prefix length must be 0 to " + bits);
        }
        return new AddressRange(mask(address, prefix), prefix, trimmed);
    }

    public boolean contains(InetAddress address) {
        return contains(canonical(address.getAddress()));
    }

    /** @param address 4 or 16 bytes, IPv4-mapped IPv6 addresses already turned into IPv4 ({@link #canonical}) */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:192.0.2.1}) as the 4-byte IPv4 address; anything else unchanged. */
    public static byte[] canonical(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    /** A copy with every bit after the first {@code prefixLength} cleared. */
    public static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.min(8, Math.max(0, prefixLength - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
