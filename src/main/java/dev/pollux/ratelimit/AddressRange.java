package dev.pollux.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A CIDR range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a range of one.
 * Only address literals are accepted, so parsing never asks DNS.
 */
final class AddressRange {

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
    static AddressRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean ipv4 = IPV4.matcher(literal).matches() && Arrays.stream(literal.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!ipv4 && !IPV6.matcher(literal).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: write ADDRESS/PREFIX, such as 10.0.0.0/8 or 2001:db8::/32");
        }
        byte[] address;
        try {
            address = ClientKeyResolver.canonical(InetAddress.getByName(literal).getAddress());
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
        return new AddressRange(ClientKeyResolver.mask(address, prefix), prefix, trimmed);
    }

    /** @param address 4 or 16 bytes, IPv4-mapped IPv6 addresses already turned into IPv4 */
    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(ClientKeyResolver.mask(address, prefixLength), network);
    }

    @Override
    public String toString() {
        return text;
    }
}
