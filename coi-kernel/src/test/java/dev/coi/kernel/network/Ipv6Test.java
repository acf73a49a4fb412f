package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv6Test {

    @Test
    void addressesAreWrittenInTheCanonicalFormOfRfc5952() {
        assertEquals("2001:db8::1", Ipv6.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"));
        assertEquals("2001:db8::1:0:0:1", Ipv6.canonical("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.canonical("2001:db8:0:1:1:1:1:1"));
        assertEquals("::", Ipv6.canonical("::"));
        assertEquals("::1", Ipv6.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::", Ipv6.canonical("fe80::0"));
        assertEquals("fd00:ec2::254", Ipv6.canonical("fd00:0ec2:0::254"));
        assertEquals("0:1:2:3:4:5:6:7", Ipv6.canonical("::1:2:3:4:5:6:7"));
    }

    @Test
    void anEmbeddedIpv4AddressIsReadAsTheLastTwoGroups() {
        assertEquals("::ffff:a00:1", Ipv6.canonical("::ffff:10.0.0.1"));
        assertEquals("64:ff9b::a9fe:a9fe", Ipv6.canonical("64:ff9b::169.254.169.254"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : List.of("", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::",
                "::1.2.3", "1.2.3.4::", ":1::", "1::2:", "1:2:3:4:5:6:7:8::", "::300.1.1.1", "fe80::1%eth0")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv6.parse(bad), bad);
        }
    }

    @Test
    void networkClearsTheBitsAfterThePrefix() {
        assertEquals("2001:db8::", Ipv6.format(Ipv6.network(Ipv6.parse("2001:db8:ffff::1"), 32)));
        assertEquals("fc00::", Ipv6.format(Ipv6.network(Ipv6.parse("fdff::1"), 7)));
        assertEquals("fd42::1", Ipv6.format(Ipv6.network(Ipv6.parse("fd42::1"), 128)));
    }

    @Test
    void slaacTakesTheModifiedEui64OfTheHardwareAddress() {
        // RFC 4291, appendix A: 34-56-78-9A-BC-DE gives the interface identifier 3656:78FF:FE9A:BCDE
        assertEquals("fe80::3656:78ff:fe9a:bcde", Ipv6.format(Ipv6.slaac(Ipv6.parse("fe80::"), "34:56:78:9a:bc:de")));
        // the universal/local bit is inverted, so a locally administered address loses it
        assertEquals("fdcf:1894:23b5:d38c:c031:b3ff:fe83:bf2b",
                Ipv6.format(Ipv6.slaac(Ipv6.parse("fdcf:1894:23b5:d38c::"), "C2:31:B3:83:BF:2B")));
    }

    @Test
    void slaacRefusesWhatIsNoHardwareAddress() {
        for (String bad : List.of("02:c0:1a:14:1e", "02:c0:1a:14:1e:0g", "02-c0-1a-14-1e-06")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv6.slaac(Ipv6.parse("fd42::"), bad), bad);
        }
    }
}
