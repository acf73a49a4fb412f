package dev.coi.kernel.incus.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the CRLF-terminated lines of HTTP/1.1 heads and chunk framing. */
public final class HttpLines {

    /** Longer lines are refused: no honest status line, header or chunk size comes near it. */
    static final int MAX_LINE = 64 * 1024;

    private HttpLines() {
    }

    /**
     * Reads one line without its line end. A bare LF ends a line too, as RFC 9112 allows readers to accept.
     *
     * @param in the stream, best buffered: it is read byte by byte
     * @return the line
     * @throws EOFException when the stream ends before the line does
     * @throws IOException when the line is longer than {@link #MAX_LINE}
     */
    public static String read(InputStream in) throws IOException {
        byte[] line = new byte[128];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of an HTTP line");
            }
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (length == MAX_LINE) {
                throw new IOException("an HTTP line is longer than " + MAX_LINE + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE, length * 2));
            }
            line[length++] = (byte) b;
        }
    }
}
