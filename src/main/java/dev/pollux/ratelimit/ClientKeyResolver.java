package dev.pollux.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import dev.pollux.config.AddressRange;

/**
 * Who: the key a client's requests are counted under. An IPv4 client is its address; an IPv6 client is
 * its network of {@code ipv6PrefixLength} bits (a /64 by default, what one host or household is usually
 * given), so rotating through the addresses of one network does not escape the limit. IPv4-mapped IPv6
 * addresses count as IPv4. Clients in an allow-listed range have no key: they are never limited.
 */
public final class ClientKeyResolver {

    private final List<AddressRange> allowed;
    private final int ipv6PrefixLength;

    ClientKeyResolver(List<AddressRange> allowed, int ipv6PrefixLength) {
        if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("the IPv6 prefix length must be 1 to 128, was " + ipv6PrefixLength);
        }
        this.allowed = List.copyOf(allowed);
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /**
     * @param allowedRanges CIDR ranges never limited, such as {@code 127.0.0.0/8}
     * @throws IllegalArgumentException naming the first range that is not one
     */
    public static ClientKeyResolver of(List<String> allowedRanges, int ipv6PrefixLength) {
        return new ClientKeyResolver(allowedRanges.stream().map(AddressRange::parse).toList(), ipv6PrefixLength);
    }

    /** The key to count this client under, or empty when it is allow-listed. */
    public Optional<String> keyFor(InetAddress client) {
        byte[] address = AddressRange.canonical(client.getAddress());
        for (AddressRange range : allowed) {
            if (range.contains(address)) {
                return Optional.empty();
            }
        }
        if (address.length == 4) {
            return Optional.of((address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff));
        }
        try {
            return Optional.of(InetAddress.getByAddress(AddressRange.mask(address, ipv6PrefixLength)).getHostAddress() + "/" + ipv6PrefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
