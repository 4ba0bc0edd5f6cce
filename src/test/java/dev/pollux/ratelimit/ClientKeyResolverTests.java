package dev.pollux.ratelimit;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientKeyResolverTests {

    private final ClientKeyResolver resolver = ClientKeyResolver.of(List.of(), 64);

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void keysAnIpv4ClientByItsAddress() throws Exception {
        assertThat(resolver.keyFor(address("192.0.2.7"))).contains("192.0.2.7");
        assertThat(resolver.keyFor(address("192.0.2.8"))).contains("192.0.2.8");
    }

    @Test
    void groupsIpv6ClientsByTheirSlash64() throws Exception {
        String key = resolver.keyFor(address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).orElseThrow();
        assertThat(key).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(resolver.keyFor(address("2001:db8:1:2::1"))).contains(key);
        assertThat(resolver.keyFor(address("2001:db8:1:2:ffff:ffff:ffff:ffff"))).contains(key);
        assertThat(resolver.keyFor(address("2001:db8:1:3::1"))).isPresent().get().isNotEqualTo(key);
    }

    @Test
    void groupsIpv6ClientsByAConfiguredPrefixThatNeedNotBeWholeBytes() throws Exception {
        ClientKeyResolver by56 = ClientKeyResolver.of(List.of(), 56);
        ClientKeyResolver by60 = ClientKeyResolver.of(List.of(), 60);
        assertThat(by56.keyFor(address("2001:db8:1:2ff::1"))).contains("2001:db8:1:200:0:0:0:0/56");
        assertThat(by60.keyFor(address("2001:db8:1:2ff::1"))).contains("2001:db8:1:2f0:0:0:0:0/60");
        assertThat(by60.keyFor(address("2001:db8:1:20f::1"))).contains("2001:db8:1:200:0:0:0:0/60");
        assertThat(ClientKeyResolver.of(List.of(), 128).keyFor(address("2001:db8::1")))
                .isNotEqualTo(ClientKeyResolver.of(List.of(), 128).keyFor(address("2001:db8::2")));
    }

    @Test
    void countsIpv4MappedIpv6ClientsAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7};
        assertThat(resolver.keyFor(java.net.Inet6Address.getByAddress(null, mapped, -1))).contains("192.0.2.7");
    }

    @Test
    void neverLimitsAllowListedRanges() throws Exception {
        ClientKeyResolver allowing = ClientKeyResolver.of(List.of("127.0.0.0/8", "10.1.2.3", "2001:db8::/32", "::1/128"), 64);
        assertThat(allowing.keyFor(address("127.0.0.1"))).isEmpty();
        assertThat(allowing.keyFor(address("127.255.0.9"))).isEmpty();
        assertThat(allowing.keyFor(address("10.1.2.3"))).isEmpty();
        assertThat(allowing.keyFor(address("2001:db8:ffff::1"))).isEmpty();
        assertThat(allowing.keyFor(address("::1"))).isEmpty();
        assertThat(allowing.keyFor(address("128.0.0.1"))).contains("128.0.0.1");
        assertThat(allowing.keyFor(address("10.1.2.4"))).contains("10.1.2.4");
        assertThat(allowing.keyFor(address("2001:db9::1"))).isPresent();
        assertThat(allowing.keyFor(address("::2"))).isPresent();
    }

    @Test
    void allowsEveryoneWithAZeroPrefix() throws Exception {
        ClientKeyResolver allowing = ClientKeyResolver.of(List.of("0.0.0.0/0"), 64);
        assertThat(allowing.keyFor(address("203.0.113.9"))).isEmpty();
        assertThat(allowing.keyFor(address("2001:db8::1"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.org", "dead.beef", "10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/-1", "300.0.0.1", "fe80::1%eth0", ""})
    void refusesWhatIsNotAnAddressRangeWithoutAskingDns(String range) {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientKeyResolver.of(List.of(range), 64))
                .withMessageContaining("'" + range + "' is not an address range");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 129})
    void refusesAnIpv6PrefixOutOfRange(int prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientKeyResolver.of(List.of(), prefix))
                .withMessageContaining("IPv6 prefix length");
    }
}
