package dev.coi.kernel.incus.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    private static InputStream stream(String wire) {
        return new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void joinsChunksAndStopsRightAfterTheTrailers() throws IOException {
        InputStream wire = stream("5\r\nhello\r\n1;ext=\"a;b\"\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\nNEXT");

        ChunkedInputStream body = new ChunkedInputStream(wire);

        assertEquals("hello 0123456789", new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
        assertEquals(-1, body.read());
        assertEquals("NEXT", new String(wire.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsByteByByteWithUpperAndLowerCaseHexAndBareLineFeeds() throws IOException {
        ChunkedInputStream body = new ChunkedInputStream(stream("b\r\n0123456789a\r\nB\n0123456789b\n0\r\n\r\n"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = body.read(); b >= 0; b = body.read()) {
            out.write(b);
        }

        assertEquals("0123456789a0123456789b", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void emptyBodyIsJustTheLastChunk() throws IOException {
        assertArrayEquals(new byte[0], new ChunkedInputStream(stream("0\r\n\r\n")).readAllBytes());
    }

    @Test
    void refusesBadSizes() {
        for (String wire : new String[] {"zz\r\n", "\r\n", "-1\r\n", "1234567890abcdef0\r\n"}) {
            IOException error = assertThrows(IOException.class, () -> new ChunkedInputStream(stream(wire)).readAllBytes());
            assertEquals(true, error.getMessage().contains("chunk size"), error.getMessage());
        }
    }

    @Test
    void refusesAChunkWithoutItsLineEnd() {
        assertThrows(IOException.class, () -> new ChunkedInputStream(stream("2\r\nabX\r\n0\r\n\r\n")).readAllBytes());
    }

    @Test
    void endOfStreamInsideAChunkOrBeforeTheLastChunkIsAnError() {
        assertThrows(EOFException.class, () -> new ChunkedInputStream(stream("a\r\nabc")).readAllBytes());
        assertThrows(EOFException.class, () -> new ChunkedInputStream(stream("3\r\nabc\r\n")).readAllBytes());
        assertThrows(EOFException.class, () -> new ChunkedInputStream(stream("0\r\nX-Trailer: 1\r\n")).readAllBytes());
    }
}
