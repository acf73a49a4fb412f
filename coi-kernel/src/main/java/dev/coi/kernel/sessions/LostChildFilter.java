package dev.coi.kernel.sessions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies the standard error of an {@code incus exec} child as it comes, except for the line with which Incus says
 * that it lost the process it forked before the command ran. That line is kept back while it is the last one, so
 * that a caller who starts the command again can drop it; a caller who does not shows it with {@link #release()}.
 * Only bytes that could still become that line wait, and only until the next byte tells otherwise: the command's
 * own error output is not delayed by lines.
 */
final class LostChildFilter {

    /** What {@code incus exec} prints when Incus could not get the process id of the command it forked. */
    static final String LOST_CHILD_LINE = "Error: " + LostChildRetry.INCUS_ERROR;

    private static final byte[][] CANDIDATES = {
        (LOST_CHILD_LINE + "\n").getBytes(StandardCharsets.UTF_8),
        (LOST_CHILD_LINE + "\r\n").getBytes(StandardCharsets.UTF_8),
    };
    private static final byte[] WITHOUT_LINE_BREAK = LOST_CHILD_LINE.getBytes(StandardCharsets.UTF_8);

    private final OutputStream to;
    /** Bytes at the start of a line that are so far the beginning of the line looked for. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean atLineStart = true;
    private byte[] held;

    LostChildFilter(OutputStream to) {
        this.to = to;
    }

    /** Copies until the end of the stream; a read error counts as the end, as the child has gone then. */
    void copy(InputStream from) {
        byte[] buffer = new byte[8192];
        try (from) {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                accept(buffer, read);
            }
        } catch (IOException e) {
            // the child ended while its output was read: nothing more to copy
        }
        synchronized (this) {
            if (Arrays.equals(pending.toByteArray(), WITHOUT_LINE_BREAK)) {
                held = pending.toByteArray();
            } else {
                write(pending.toByteArray(), 0, pending.size());
            }
            pending.reset();
        }
    }

    /** Whether the stream ended with the line, now kept back. Valid once {@link #copy} returned. */
    synchronized boolean lostChild() {
        return held != null;
    }

    /** Writes the line kept back, if any. */
    synchronized void release() {
        if (held != null) {
            write(held, 0, held.length);
            held = null;
        }
    }

    private synchronized void accept(byte[] bytes, int length) {
        int passFrom = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (!atLineStart) {
                if (b == '\n') {
                    atLineStart = true;
                }
                continue;
            }
            // at a line start: this byte decides whether the line may still be the one looked for
            write(bytes, passFrom, i - passFrom);
            passFrom = i + 1;
            pending.write(b);
            byte[] sofar = pending.toByteArray();
            if (isWhole(sofar)) {
                release();
                held = sofar;
                pending.reset();
            } else if (!isBeginning(sofar)) {
                release();
                pending.reset();
                write(sofar, 0, sofar.length);
                atLineStart = b == '\n';
            }
        }
        write(bytes, passFrom, length - passFrom);
    }

    private static boolean isWhole(byte[] sofar) {
        return Arrays.stream(CANDIDATES).anyMatch(candidate -> Arrays.equals(candidate, sofar));
    }

    private static boolean isBeginning(byte[] sofar) {
        return Arrays.stream(CANDIDATES).anyMatch(candidate -> candidate.length > sofar.length
                && Arrays.equals(candidate, 0, sofar.length, sofar, 0, sofar.length));
    }

    private void write(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        try {
            to.write(bytes, offset, length);
            to.flush();
        } catch (IOException e) {
            // coi's own standard error is gone: nothing can be shown any more
        }
    }
}
