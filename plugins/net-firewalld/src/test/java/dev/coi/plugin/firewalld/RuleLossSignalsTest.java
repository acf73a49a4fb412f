package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The D-Bus listener against a bus of the test's own on a unix socket. */
class RuleLossSignalsTest {

    @TempDir
    Path dir;

    private final Semaphore losses = new Semaphore(0);

    @Test
    void subscribesThenCountsAReloadAndANewOwnerButNoOtherSignal() throws Exception {
        Path socket = dir.resolve("bus");
        try (ServerSocketChannel bus = listen(socket);
                RuleLossSignals signals = new RuleLossSignals(socket, RuleLossSignals.MATCHES,
                        Set.of("Reloaded", "NameOwnerChanged"), losses::release, Duration.ofMillis(50))) {
            signals.start();
            try (SocketChannel client = bus.accept()) {
                DataInputStream in = new DataInputStream(Channels.newInputStream(client));
                String auth = line(in);
                assertTrue(auth.startsWith("\0AUTH EXTERNAL "), auth);
                send(client, "OK 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("BEGIN", line(in).strip());
                List<Optional<String>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    BusMessage call = BusMessage.read(in);
                    assertEquals(BusMessage.METHOD_CALL, call.type());
                    calls.add(call.member());
                }
                assertEquals(List.of(Optional.of("Hello"), Optional.of("AddMatch"), Optional.of("AddMatch")), calls);
                assertTrue(awaitLoss(), "a new connection counts as a loss: signals may have been missed");

                send(client, signal("org.freedesktop.DBus", "NameAcquired"));
                send(client, signal("org.fedoraproject.FirewallD1.direct", "RuleAdded"));
                assertFalse(awaitLoss(), "only a reload or a new owner tells of a loss");
                send(client, signal("org.fedoraproject.FirewallD1", "Reloaded"));
                assertTrue(awaitLoss(), "a reload is a loss");
                send(client, signal("org.freedesktop.DBus", "NameOwnerChanged"));
                assertTrue(awaitLoss(), "a restart is a loss");
            }
            try (SocketChannel again = bus.accept()) {
                DataInputStream in = new DataInputStream(Channels.newInputStream(again));
                line(in);
                send(again, "OK 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII));
                line(in);
                BusMessage.read(in);
                assertTrue(awaitLoss(), "after the bus went away, the new connection counts as a loss");
            }
        }
    }

    @Test
    void theSystemBusIsTheSocketItsAddressNamesElseTheUsualOne() {
        assertEquals(Path.of("/run/dbus/system_bus_socket"), RuleLossSignals.systemBus(null));
        assertEquals(Path.of("/tmp/bus"), RuleLossSignals.systemBus("tcp:host=x;unix:guid=1,path=/tmp/bus"));
        assertEquals(Path.of("/run/dbus/system_bus_socket"), RuleLossSignals.systemBus("unix:abstract=/x"));
    }

    private boolean awaitLoss() throws InterruptedException {
        return losses.tryAcquire(1, TimeUnit.SECONDS);
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    private static byte[] signal(String iface, String member) {
        return BusMessage.write(BusMessage.SIGNAL, 7, "/org/fedoraproject/FirewallD1", iface, member, null, null);
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            line.append((char) next);
        }
        return line.toString();
    }

    private static void send(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
