package dev.coi.kernel.incus.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A body sent with {@code Transfer-Encoding: chunked} (RFC 9112, section 7.1): hex chunk sizes, optionally
 * followed by {@code ;extensions} that are ignored, each chunk followed by CRLF, a last chunk of size 0 and
 * then trailer fields up to an empty line, which are read and dropped. Ends exactly after that empty line,
 * so the connection can carry the next response.
 */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;
    private boolean afterChunk;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        if (count == 0) {
            return 0;
        }
        if (remaining == 0 && !nextChunk()) {
            return -1;
        }
        int read = in.read(bytes, offset, (int) Math.min(count, remaining));
        if (read < 0) {
            throw new EOFException("the connection closed inside a chunk of the response body");
        }
        remaining -= read;
        return read;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    /** Reads the next chunk head; false after the last chunk and its trailers. */
    private boolean nextChunk() throws IOException {
        if (finished) {
            return false;
        }
        if (afterChunk && !HttpLines.read(in).isEmpty()) {
            throw new IOException("a chunk of the response body is not followed by CRLF");
        }
        remaining = parseSize(HttpLines.read(in));
        afterChunk = true;
        if (remaining == 0) {
            while (!HttpLines.read(in).isEmpty()) {
                // trailer fields carry nothing Incus clients need
            }
            finished = true;
            return false;
        }
        return true;
    }

    private static long parseSize(String line) throws IOException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException("bad chunk size line in the response body: \"" + line + "\"");
        }
        return Long.parseLong(hex, 16);
    }
}
