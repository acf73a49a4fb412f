package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostChildFilterTest {

    private static final String LOST = "Error: Failed to retrieve PID of executing child process";

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final LostChildFilter filter = new LostChildFilter(shown);

    @Test
    void theLastLineSayingIncusLostTheCommandIsKeptBackUntilReleased() {
        filter.copy(chunks(LOST + "\n"));

        assertTrue(filter.lostChild());
        assertEquals("", shown());
        filter.release();
        assertEquals(LOST + "\n", shown());
    }

    @Test
    void alsoWithoutALineBreakOrWithACarriageReturn() {
        filter.copy(chunks("Err", "or: Failed to retrieve PID of executing child process"));
        assertTrue(filter.lostChild());

        LostChildFilter other = new LostChildFilter(shown);
        other.copy(chunks(LOST + "\r\n"));
        assertTrue(other.lostChild());
        assertEquals("", shown());
    }

    @Test
    void theSameLineFollowedByMoreOutputIsTheCommandsOwnAndShownInPlace() {
        filter.copy(chunks("before\n" + LOST + "\n", "after\n"));

        assertFalse(filter.lostChild());
        assertEquals("before\n" + LOST + "\nafter\n", shown());
    }

    @Test
    void otherOutputPassesAtOnceAndUnchangedEvenWithoutALineBreak() {
        List<String> shownAfterEachChunk = new ArrayList<>();
        byte[] binary = {(byte) 0xc3, (byte) 0xa9, 0, (byte) 0xff, '\n'};
        filter.copy(new Chunks(List.of("progress 50%".getBytes(StandardCharsets.UTF_8),
                "\rError: something else\n".getBytes(StandardCharsets.UTF_8), binary,
                ("Error: Failed to retrieve PID of executing child process, not quite\n")
                        .getBytes(StandardCharsets.UTF_8)), shownAfterEachChunk));

        assertEquals(List.of("progress 50%", "progress 50%\rError: something else\n"),
                shownAfterEachChunk.subList(0, 2));
        assertFalse(filter.lostChild());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("progress 50%\rError: something else\n".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(binary);
        expected.writeBytes((LOST + ", not quite\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(expected.toByteArray(), StandardCharsets.ISO_8859_1),
                new String(shown.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void onlyBytesThatCouldStillBeTheLineWait() {
        List<String> shownAfterEachChunk = new ArrayList<>();
        filter.copy(new Chunks(List.of("line\nError: Fail".getBytes(StandardCharsets.UTF_8),
                "ed to open\n".getBytes(StandardCharsets.UTF_8)), shownAfterEachChunk));

        assertEquals(List.of("line\n", "line\nError: Failed to open\n"), shownAfterEachChunk);
    }

    private String shown() {
        return shown.toString(StandardCharsets.UTF_8);
    }

    private InputStream chunks(String... texts) {
        List<byte[]> bytes = new ArrayList<>();
        for (String text : texts) {
            bytes.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return new Chunks(bytes, new ArrayList<>());
    }

    /** Hands out one chunk per read and notes what the filter had shown after the previous one. */
    private final class Chunks extends InputStream {

        private final Deque<byte[]> chunks;
        private final List<String> shownAfterEachChunk;
        private boolean started;

        Chunks(List<byte[]> chunks, List<String> shownAfterEachChunk) {
            this.chunks = new ArrayDeque<>(chunks);
            this.shownAfterEachChunk = shownAfterEachChunk;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (started) {
                shownAfterEachChunk.add(shown());
            }
            started = true;
            byte[] chunk = chunks.poll();
            if (chunk == null) {
                return -1;
            }
            System.arraycopy(chunk, 0, buffer, offset, chunk.length);
            return chunk.length;
        }
    }
}
