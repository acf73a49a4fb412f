package dev.coi.kernel.incus.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** A body framed by {@code Content-Length}: exactly that many bytes, and an error if the peer sends fewer. */
final class FixedLengthInputStream extends InputStream {

    private final InputStream in;
    private final long length;
    private long remaining;

    FixedLengthInputStream(InputStream in, long length) {
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        if (remaining == 0) {
            return -1;
        }
        if (count == 0) {
            return 0;
        }
        int read = in.read(bytes, offset, (int) Math.min(count, remaining));
        if (read < 0) {
            throw new EOFException("the connection closed after " + (length - remaining) + " of " + length
                    + " body bytes");
        }
        remaining -= read;
        return read;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }
}
