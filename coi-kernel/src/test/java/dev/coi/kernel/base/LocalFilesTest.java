package dev.coi.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

    @TempDir
    Path temp;

    @Test
    void writesEverythingThroughAChannelThatTakesAFewBytesAtATime() throws Exception {
        ByteBuffer taken = ByteBuffer.allocate(10);
        LocalFiles.writeFully(new Channel(3, taken), ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.UTF_8)));

        assertEquals("0123456789", new String(taken.array(), StandardCharsets.UTF_8));
    }

    @Test
    void failsOnAChannelThatTakesNoMoreBytes() {
        assertThrows(IOException.class, () -> LocalFiles.writeFully(new Channel(0, ByteBuffer.allocate(10)),
                ByteBuffer.wrap(new byte[] {1})));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAsItWas() throws Exception {
        Path target = temp.resolve("metadata.json");
        Files.writeString(target, "old and good");

        assertThrows(IOException.class, () -> LocalFiles.writeAtomically(target, new byte[100], "rw-------",
                (file, content) -> {
                    Files.write(file, new byte[50]);
                    throw new IOException("No space left on device");
                }));

        assertEquals("old and good", Files.readString(target));
        assertEquals(List.of(target), Files.list(temp).toList());
    }

    @Test
    void aShortWriteThatReportsNoErrorDoesNotReplaceTheOldFile() throws Exception {
        Path target = temp.resolve("metadata.json");
        Files.writeString(target, "old and good");

        IOException failure = assertThrows(IOException.class, () -> LocalFiles.writeAtomically(target, new byte[100],
                "rw-------", (file, content) -> Files.write(file, new byte[50])));

        assertEquals("old and good", Files.readString(target));
        assertEquals(List.of(target), Files.list(temp).toList());
        assertTrue(failure.getMessage().contains("wrote 50 of 100 bytes"), failure.getMessage());
    }

    @Test
    void createsMissingFoldersForTheUserAlone() throws Exception {
        LocalFiles.writeAtomically(temp.resolve("a/b/file"), new byte[] {1}, "rw-------");

        assertEquals("rwx------", mode(temp.resolve("a")));
        assertEquals("rwx------", mode(temp.resolve("a/b")));
        assertEquals("rw-------", mode(temp.resolve("a/b/file")));
    }

    @Test
    void makesCoisOwnFoldersPrivateWhereAnOlderCoiLeftThemOpen() throws Exception {
        Path coiHome = Files.createDirectory(temp.resolve(".coi"));
        Path store = Files.createDirectory(coiHome.resolve("sessions-claude"));
        Files.setPosixFilePermissions(coiHome, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));

        LocalFiles.privateFolder(coiHome, store.resolve("abc"));

        assertEquals("rwx------", mode(coiHome));
        assertEquals("rwx------", mode(store.resolve("abc")));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Takes at most {@code step} bytes per write. */
    private record Channel(int step, ByteBuffer taken) implements WritableByteChannel {

        @Override
        public int write(ByteBuffer source) {
            int count = Math.min(step, source.remaining());
            for (int i = 0; i < count; i++) {
                taken.put(source.get());
            }
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
