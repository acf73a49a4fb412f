package dev.coi.kernel.sessions;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of UTF-8 text written into a {@link PrintWriter}; a character split between two writes is put together,
 * not replaced.
 */
final class DecodingOutputStream extends OutputStream {

    private final PrintWriter to;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** The bytes of a character not complete yet, at most three. */
    private ByteBuffer rest = ByteBuffer.allocate(0);

    DecodingOutputStream(PrintWriter to) {
        this.to = to;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ByteBuffer input = ByteBuffer.allocate(rest.remaining() + length).put(rest).put(bytes, offset, length).flip();
        CharBuffer output = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, output, false);
        rest = input.slice();
        synchronized (to) {
            to.append(output.flip());
        }
    }

    @Override
    public void flush() {
        synchronized (to) {
            to.flush();
        }
    }
}
