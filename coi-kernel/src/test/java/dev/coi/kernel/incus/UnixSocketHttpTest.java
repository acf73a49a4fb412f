package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.HttpResponse;
import dev.coi.kernel.incus.http.RequestBody;
import dev.coi.kernel.incus.http.ConnectFailure;
import dev.coi.kernel.incus.http.UnixSocketHttp;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketHttpTest {

    @TempDir
    Path dir;

    private FakeIncus fake;
    private UnixSocketHttp http;

    private void serve(Function<FakeIncus.Request, FakeIncus.Reply> handler) throws IOException {
        Path socket = dir.resolve("s");
        fake = new FakeIncus(socket, handler);
        http = new UnixSocketHttp(socket, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws IOException {
        if (fake != null) {
            fake.close();
        }
    }

    private String get(String target) throws IOException {
        try (HttpResponse response = http.send(HttpRequest.of("GET", target))) {
            return new String(response.readBody(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsAContentLengthBodyAndTheHead() throws IOException {
        serve(request -> FakeIncus.Reply.of(200, "text/plain", "hello".getBytes(StandardCharsets.UTF_8),
                "X-Incus-Mode: 0640", "x-incus-mode: ignored-second"));

        try (HttpResponse response = http.send(HttpRequest.of("GET", "/1.0"))) {
            assertEquals(200, response.status());
            assertEquals("OK", response.reason());
            assertEquals("0640,ignored-second", response.header("X-INCUS-MODE").orElseThrow());
            assertEquals("hello", new String(response.readBody(), StandardCharsets.UTF_8));
        }
        FakeIncus.Request sent = fake.requests().get(0);
        assertEquals("GET", sent.method());
        assertEquals("/1.0", sent.target());
        assertEquals("incus", sent.headers().get("Host"));
        assertEquals("close", sent.headers().get("Connection"));
        assertEquals(null, sent.headers().get("Content-Length"));
    }

    @Test
    void readsAChunkedBodyArrivingInTinyPieces() throws IOException {
        String json = "{\"metadata\":\"" + "x".repeat(3000) + "\"}";
        serve(request -> FakeIncus.Reply.chunked(200, json, 700).split(3, 0));

        assertEquals(json, get("/1.0"));
        assertEquals(json, get("/1.0"));
    }

    @Test
    void everyRequestHasAConnectionOfItsOwn() throws IOException {
        serve(request -> FakeIncus.Reply.json(200, "{}"));

        assertEquals("{}", get("/a"));
        assertEquals("{}", get("/b"));

        assertEquals(2, fake.connections());
    }

    @Test
    void waitsForAHeadThatComesInPiecesWithPauses() throws IOException {
        serve(request -> FakeIncus.Reply.json(200, "{\"a\":1}").split(10, 20));

        assertEquals("{\"a\":1}", get("/1.0"));
    }

    @Test
    void aBodyWithoutLengthLastsUntilTheConnectionCloses() throws IOException {
        serve(request -> FakeIncus.Reply.raw("HTTP/1.1 200 OK\r\n\r\nall of it").thenClose());

        assertEquals("all of it", get("/a"));
    }

    @Test
    void skipsInterimResponsesAndHasNoBodyFor204() throws IOException {
        serve(request -> FakeIncus.Reply.raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));

        try (HttpResponse response = http.send(HttpRequest.of("DELETE", "/x"))) {
            assertEquals(204, response.status());
            assertEquals(0, response.readBody().length);
        }
    }

    @Test
    void sendsBodiesWithTheirLengthAndStreamsFiles() throws IOException {
        serve(request -> FakeIncus.Reply.json(200, "{}"));
        byte[] large = new byte[300_000];
        new Random(1).nextBytes(large);
        Path file = Files.write(dir.resolve("upload"), large);

        http.send(HttpRequest.of("POST", "/json").withHeader("Content-Type", "application/json")
                .withBody(RequestBody.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))).close();
        http.send(HttpRequest.of("POST", "/file").withBody(RequestBody.of(file))).close();

        FakeIncus.Request json = fake.requests().get(0);
        assertEquals("7", json.headers().get("Content-Length"));
        assertEquals("application/json", json.headers().get("Content-Type"));
        assertEquals("{\"a\":1}", json.bodyText());
        assertArrayEquals(large, fake.requests().get(1).body());
    }

    @Test
    void streamsALargeResponseBody() throws IOException {
        byte[] large = new byte[1_000_000];
        new Random(2).nextBytes(large);
        serve(request -> FakeIncus.Reply.of(200, "application/octet-stream", large));

        try (HttpResponse response = http.send(HttpRequest.of("GET", "/big"));
             InputStream body = response.body()) {
            assertArrayEquals(large, body.readAllBytes());
        }
    }

    @Test
    void aShortBodyIsAnError() throws IOException {
        serve(request -> FakeIncus.Reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").thenClose());

        try (HttpResponse response = http.send(HttpRequest.of("GET", "/a"))) {
            assertThrows(EOFException.class, response::readBody);
        }
    }

    @Test
    void givesUpWhenTheServerIsSilent() throws IOException {
        serve(request -> FakeIncus.Reply.json(200, "{}").split(1000, 2000));
        http = new UnixSocketHttp(dir.resolve("s"), Duration.ofMillis(200));

        SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class,
                () -> http.send(HttpRequest.of("GET", "/slow")));
        assertTrue(timeout.getMessage().contains("200 ms"), timeout.getMessage());
    }

    @Test
    void refusesGarbageInsteadOfAStatusLine() throws IOException {
        serve(request -> FakeIncus.Reply.raw("SSH-2.0-OpenSSH\r\n\r\n"));

        IOException error = assertThrows(IOException.class, () -> http.send(HttpRequest.of("GET", "/")));
        assertTrue(error.getMessage().contains("not an HTTP/1.x response"), error.getMessage());
    }

    @Test
    void aMissingSocketIsAConnectFailure() {
        http = new UnixSocketHttp(dir.resolve("missing"), Duration.ofSeconds(1));

        assertThrows(ConnectFailure.class, () -> http.send(HttpRequest.of("GET", "/")));
    }

    @Test
    void requestsCannotSmuggleLineBreaks() {
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("GET", "/a b"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("GET", "/a").withHeader("X", "1\r\nY: 2"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("GET", "/a").withHeader("X Y", "1"));
    }
}
