package dev.pollux.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** PROXY protocol headers as a load balancer writes them, byte for byte from the specification (haproxy.org, proxy-protocol.txt). */
public final class ProxyHeaders {

    /** The 12 bytes every v2 header starts with. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {
    }

    /** {@code PROXY TCP4 client server cport sport\r\n}, or TCP6 for IPv6 addresses. */
    public static byte[] v1(String client, int clientPort, String server, int serverPort) {
        String family = client.contains(":") ? "TCP6" : "TCP4";
        return ("PROXY " + family + " " + client + " " + server + " " + clientPort + " " + serverPort + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY command over TCP, for IPv4 or IPv6 addresses. */
    public static byte[] v2(String client, int clientPort, String server, int serverPort) {
        byte[] source = literal(client);
        byte[] destination = literal(server);
        ByteBuffer addresses = ByteBuffer.allocate(source.length * 2 + 4);
        addresses.put(source).put(destination).putShort((short) clientPort).putShort((short) serverPort);
        // version 2, command PROXY; family INET (0x1_) or INET6 (0x2_), protocol STREAM (0x_1)
        return v2(0x21, source.length == 4 ? 0x11 : 0x21, addresses.array());
    }

    /** A v2 LOCAL command: the balancer's own connection, such as a health check, with no client address. */
    public static byte[] v2Local() {
        return v2(0x20, 0x00, new byte[0]);
    }

    private static byte[] v2(int versionAndCommand, int familyAndProtocol, byte[] addresses) {
        return ByteBuffer.allocate(16 + addresses.length).put(V2_SIGNATURE).put((byte) versionAndCommand).put((byte) familyAndProtocol)
                .putShort((short) addresses.length).put(addresses).array();
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
