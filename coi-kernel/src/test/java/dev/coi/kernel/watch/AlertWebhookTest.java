package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events posted to receivers of the test's own on this machine: a unix socket and HTTP on the loopback address. */
class AlertWebhookTest {

    private static final String EVENT = "{\"detector\":\"reverse-shell\",\"level\":\"critical\"}";

    @TempDir
    Path folder;

    @Test
    void anEventIsPostedToAUnixSocketAsJson() throws Exception {
        Path socket = folder.resolve("alerts.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<String> received = answerOnce(server, "204 No Content");

            AlertWebhook.parse("unix:" + socket).post(EVENT);

            String request = received.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST / HTTP/1.1\r\n"), request);
            assertTrue(request.contains("Content-Type: application/json\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\n" + EVENT), request);
        }
    }

    @Test
    void anEventIsPostedOverHttpOnTheLoopbackAndAnErrorAnswerIsAFailure() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String base = "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();

            CompletableFuture<String> received = answerOnce(server, "200 OK");
            AlertWebhook.parse(base + "/hook").post(EVENT);
            String request = received.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST /hook HTTP/1.1\r\n"), request);
            assertTrue(request.toLowerCase(Locale.ROOT).contains("content-type: application/json\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\n" + EVENT), request);

            answerOnce(server, "500 Internal Server Error");
            IOException refused = assertThrows(IOException.class, () -> AlertWebhook.parse(base + "/hook").post(EVENT));
            assertTrue(refused.getMessage().contains("HTTP 500"), refused.getMessage());
        }
    }

    @Test
    void urlsCoiWillNotPostToAreRefusedSayingWhatItTakes() {
        for (String url : new String[] {"http://example.invalid/hook", "ftp://example.invalid/x", "unix:alerts.sock",
            "hooks.example.invalid", "https://", "http://10.0.0.1/hook"}) {
            CoiException refused = assertThrows(CoiException.class, () -> AlertWebhook.parse(url), url);
            assertTrue(refused.getMessage().startsWith("--webhook " + url), refused.getMessage());
        }
        AlertWebhook.parse("https://hooks.example.invalid/coi");
        AlertWebhook.parse("http://localhost:8080/coi");
        AlertWebhook.parse("unix:///run/alerts.sock");
    }

    /** Takes one request and answers it with a status and no body; completes with the request. */
    private static CompletableFuture<String> answerOnce(ServerSocketChannel server, String status) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                String request = readRequest(Channels.newInputStream(client));
                client.write(StandardCharsets.US_ASCII.encode("HTTP/1.1 " + status
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return request;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The head and a Content-Length body. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int length = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            bytes.write(next);
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (length < 0 && text.endsWith("\r\n\r\n")) {
                length = text.lines().filter(line -> line.startsWith("Content-Length: "))
                        .mapToInt(line -> Integer.parseInt(line.substring(16).strip())).findFirst().orElse(0);
                bytes.write(in.readNBytes(length));
                break;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
