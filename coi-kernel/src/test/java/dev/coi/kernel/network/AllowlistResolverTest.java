package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowlistResolverTest {

    private final Map<String, List<String>> dns = Map.of("api.example.test", List.of("203.0.113.7", "203.0.113.8"),
            "dual.example.test", List.of("203.0.113.9", "2001:db8::9"));
    private final AllowlistResolver resolver = new AllowlistResolver(name -> {
        List<String> addresses = dns.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name + ": no such host");
        }
        return addresses;
    });

    @Test
    void entriesBecomeNetworks() {
        assertEquals("203.0.113.9/32", AllowlistEntry.parse("203.0.113.9").cidr());
        assertEquals("198.51.100.0/24", AllowlistEntry.parse(" 198.51.100.0/24 ").cidr());
        assertTrue(AllowlistEntry.parse("registry.npmjs.org").isName());
    }

    @Test
    void malformedEntriesAreRefusedWithWhatIsAccepted() {
        for (String bad : List.of("10.0.0.0/33", "300.1.1.1", "1.2.3", "bad host!", "10.0.0.0/x")) {
            CoiException e = assertThrows(CoiException.class, () -> AllowlistEntry.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("IPv4"), e.getMessage());
        }
    }

    @Test
    void aWildcardIsANameThatIsNeverResolvedOnTheHost() {
        AllowlistEntry wildcard = AllowlistEntry.parse("*.githubusercontent.com");
        assertTrue(wildcard.isName() && wildcard.isWildcard());
        assertTrue(!AllowlistEntry.parse("api.example.test").isWildcard());

        AllowlistResolution resolution = resolver.resolve(List.of(wildcard, AllowlistEntry.parse("api.example.test")),
                Map.of());

        assertEquals(List.of("203.0.113.7/32", "203.0.113.8/32"), List.copyOf(resolution.cidrs()));
        assertEquals(List.of(), resolution.warnings());
    }

    @Test
    void malformedWildcardsAreRefusedWithTheFormThatIsAccepted() {
        for (String bad : List.of("*.", "*example.com", "*.*.example.com", "*.1.2.3.4", "a.*.example.com")) {
            CoiException e = assertThrows(CoiException.class, () -> AllowlistEntry.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("*.example.com"),
                    e.getMessage());
        }
    }

    @Test
    void ipv6EntriesBecomeCanonicalNetworks() {
        assertEquals("2001:db8::7/128", AllowlistEntry.parse("2001:DB8:0::7").cidr());
        assertEquals("2001:db8::/32", AllowlistEntry.parse(" 2001:db8::/32 ").cidr());
        assertEquals("::/0", AllowlistEntry.parse("::/0").cidr());
        assertTrue(!AllowlistEntry.parse("fd00:ec2::254").isName());
    }

    @Test
    void malformedIpv6EntriesAreRefusedWithWhy() {
        Map<String, String> why = Map.of(
                "2001:db8::1/129", "prefix length 0 to 128",
                "2001:db8::/x", "prefix length 0 to 128",
                "2001:db8::g", "not an IPv6 address",
                "2001:db8:::1", "not an IPv6 address",
                "1:2:3:4:5:6:7:8:9", "not an IPv6 address",
                "fe80::1%eth0", "zone",
                "2001:db8::1/64", "did you mean 2001:db8::/64?",
                "example.org:443", "not an IPv6 address");
        why.forEach((bad, reason) -> {
            CoiException e = assertThrows(CoiException.class, () -> AllowlistEntry.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains(reason)
                    && e.getMessage().contains("IPv6 networks (CIDR)"), e.getMessage());
        });
    }

    @Test
    void aNamesIpv6AddressesAreAllowedAsSingleAddresses() {
        AllowlistResolution resolution = resolver.resolve(entries("dual.example.test", "2001:db8:1::/48"), Map.of());

        assertEquals(List.of("2001:db8:1::/48", "2001:db8::9/128", "203.0.113.9/32"), List.copyOf(resolution.cidrs()));
        assertEquals(Map.of("dual.example.test", List.of("203.0.113.9", "2001:db8::9")), resolution.names());
    }

    @Test
    void namesResolveToTheirAddresses() {
        AllowlistResolution resolution = resolver.resolve(entries("api.example.test", "198.51.100.0/24"), Map.of());

        assertEquals(List.of("198.51.100.0/24", "203.0.113.7/32", "203.0.113.8/32"), List.copyOf(resolution.cidrs()));
        assertEquals(Map.of("api.example.test", List.of("203.0.113.7", "203.0.113.8")), resolution.names());
        assertEquals(List.of(), resolution.warnings());
    }

    @Test
    void aNameThatDoesNotResolveKeepsItsCachedAddressesAndSaysSo() {
        AllowlistResolution resolution = resolver.resolve(entries("gone.example.test", "203.0.113.9"),
                Map.of("gone.example.test", List.of("192.0.2.5")));

        assertEquals(List.of("192.0.2.5/32", "203.0.113.9/32"), List.copyOf(resolution.cidrs()));
        assertTrue(resolution.warnings().getFirst().contains("gone.example.test")
                && resolution.warnings().getFirst().contains("earlier"), resolution.warnings().toString());
    }

    @Test
    void aNameWithoutCacheStaysBlockedWithAWarning() {
        AllowlistResolution resolution = resolver.resolve(entries("gone.example.test", "203.0.113.9"), Map.of());

        assertEquals(List.of("203.0.113.9/32"), List.copyOf(resolution.cidrs()));
        assertTrue(resolution.warnings().getFirst().contains("stays blocked"), resolution.warnings().toString());
    }

    @Test
    void nothingResolvedIsAnError() {
        CoiException e = assertThrows(CoiException.class,
                () -> resolver.resolve(entries("gone.example.test"), Map.of()));

        assertTrue(e.getMessage().contains("gone.example.test"), e.getMessage());
    }

    private static List<AllowlistEntry> entries(String... texts) {
        return List.of(texts).stream().map(AllowlistEntry::parse).toList();
    }
}
