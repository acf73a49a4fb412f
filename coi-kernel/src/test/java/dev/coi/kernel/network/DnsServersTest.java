package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsServersTest {

    @TempDir
    Path folder;

    @Test
    void configuredServersGetPort53UnlessTheyNameOne() {
        assertEquals(List.of("192.0.2.53:53", "192.0.2.54:5353", "[2001:db8::53]:53", "[2001:db8::54]:5353"),
                DnsServers.of(List.of("192.0.2.53", "192.0.2.54:5353", "2001:db8::53", "[2001:db8::54]:5353"),
                        folder.resolve("absent")));
    }

    @Test
    void withoutConfiguredServersTheHostsResolversAreAskedButNotOnesScopedToAnInterface() throws IOException {
        Path resolvConf = Files.writeString(folder.resolve("resolv.conf"), """
                # generated
                search example.test
                nameserver 127.0.0.53
                nameserver fe80::1%eth0
                nameserver 2001:db8::53
                options edns0
                """);

        assertEquals(List.of("127.0.0.53:53", "[2001:db8::53]:53"), DnsServers.of(List.of(), resolvConf));
    }

    @Test
    void noServerAtAllIsAnErrorThatSaysWhichKeyToSet() {
        CoiException e = assertThrows(CoiException.class, () -> DnsServers.of(List.of(), folder.resolve("absent")));

        assertTrue(e.getMessage().contains("dns_servers = [\"192.0.2.53\"]"), e.getMessage());
    }

    @Test
    void aServerReadsBackAsItsSocketAddress() {
        assertEquals(new InetSocketAddress("2001:db8::54", 5353), DnsServers.socketAddress("[2001:db8::54]:5353"));
        assertEquals(new InetSocketAddress("192.0.2.53", 53), DnsServers.socketAddress("192.0.2.53:53"));
    }
}
