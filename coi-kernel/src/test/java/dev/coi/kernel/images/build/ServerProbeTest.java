package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only loopback: tests never send traffic anywhere else. */
class ServerProbeTest {

    @Test
    void aListeningPortIsReachable() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(Optional.empty(), ServerProbe.unreachable("https://127.0.0.1:" + server.getLocalPort()));
        }
    }

    @Test
    void aClosedPortIsNotAndSaysWhy() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        long start = System.nanoTime();

        Optional<String> reason = ServerProbe.unreachable("https://127.0.0.1:" + port + "/images");

        assertTrue(reason.orElseThrow().startsWith("127.0.0.1:" + port + ": "), reason.get());
        assertTrue(System.nanoTime() - start < ServerProbe.TIMEOUT.toNanos() + 1_000_000_000L);
    }

    @Test
    void aUrlWithoutHostIsNotReachable() {
        assertTrue(ServerProbe.unreachable("https:///x").isPresent());
    }
}
