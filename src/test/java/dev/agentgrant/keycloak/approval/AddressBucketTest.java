package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressBucketTest {

    @Test
    void anIpv4AddressIsItsOwnBucket() {
        assertThat(AddressBucket.of("192.0.2.1")).isEqualTo("ipv4:192.0.2.1");
        assertThat(AddressBucket.of("192.0.2.2")).isNotEqualTo(AddressBucket.of("192.0.2.1"));
    }

    @Test
    void everyAddressOfOneIpv6Slash64SharesOneBucket() {
        String bucket = AddressBucket.of("2001:db8:1:2::1");
        assertThat(bucket).isEqualTo("ipv6:2001:db8:1:2::/64");
        assertThat(AddressBucket.of("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(bucket);
        assertThat(AddressBucket.of("2001:0DB8:0001:0002:abcd:0:0:1")).isEqualTo(bucket);
        assertThat(AddressBucket.of("[2001:db8:1:2::99]")).isEqualTo(bucket);
        assertThat(AddressBucket.of("2001:db8:1:2::1%eth0")).isEqualTo(bucket);
    }

    @Test
    void theNeighbouringSlash64IsAnotherBucket() {
        assertThat(AddressBucket.of("2001:db8:1:3::1")).isNotEqualTo(AddressBucket.of("2001:db8:1:2::1"));
        assertThat(AddressBucket.of("::1")).isEqualTo("ipv6:0:0:0:0::/64");
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Address() {
        assertThat(AddressBucket.of("::ffff:192.0.2.1")).isEqualTo("ipv4:192.0.2.1");
        assertThat(AddressBucket.of("::ffff:c000:0201")).isEqualTo("ipv4:192.0.2.1");
        assertThat(AddressBucket.of("0:0:0:0:0:ffff:c000:201")).isEqualTo("ipv4:192.0.2.1");
    }

    @Test
    void whatIsNoIpLiteralIsKeptVerbatimAndNeverLookedUp() {
        assertThat(AddressBucket.of("proxy.example.org")).isEqualTo("other:proxy.example.org");
        assertThat(AddressBucket.of("999.1.1.1")).isEqualTo("other:999.1.1.1");
        assertThat(AddressBucket.of(null)).isEqualTo("unknown");
        assertThat(AddressBucket.of("")).isEqualTo("unknown");
    }
}
