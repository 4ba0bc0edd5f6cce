package dev.pollux.handler.cgi;

import java.net.InetAddress;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CgiEnvironmentTests {

    @ParameterizedTest
    @CsvSource({
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
    })
    void writesIpv6AddressesInTheirShortForm(String address, String expected) throws Exception {
        assertThat(CgiEnvironment.compressed(InetAddress.getByName(address).getAddress())).isEqualTo(expected);
    }

    @Test
    void writesTimestampsInJetforcesFormat() {
        assertThat(CgiEnvironment.timestamp(Instant.parse("2026-03-01T10:15:30.999Z"))).isEqualTo("2026-03-01T10:15:30Z");
    }
}
