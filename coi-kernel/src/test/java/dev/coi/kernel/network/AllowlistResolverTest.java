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

    private final Map<String, List<String>> dns = Map.of("api.example.test", List.of("203.0.113.7", "203.0.113.8"));
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
        for (String bad : List.of("2001:db8::1", "10.0.0.0/33", "300.1.1.1", "1.2.3", "bad host!", "10.0.0.0/x")) {
            CoiException e = assertThrows(CoiException.class, () -> AllowlistEntry.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("IPv4"), e.getMessage());
        }
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
