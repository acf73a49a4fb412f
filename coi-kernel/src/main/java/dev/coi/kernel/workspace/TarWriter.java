package dev.coi.kernel.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tar stream that GNU tar and busybox tar unpack: ustar headers, a GNU long-name member before a name
 * or link target over 100 bytes. Owners are left out (0): the stream is unpacked by the user who is to own the
 * files.
 */
public final class TarWriter implements AutoCloseable {

    private static final int BLOCK = TarReader.BLOCK;

    private final OutputStream out;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** A regular file of {@code size} bytes read from {@code content}, which must hold exactly that many. */
    public void file(String name, int mode, long mtime, long size, InputStream content) throws IOException {
        header(name, '0', mode, mtime, size, "");
        byte[] buffer = new byte[65536];
        long left = size;
        while (left > 0) {
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException(name + " became shorter while it was read (" + left + " bytes missing)");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
        pad(size);
    }

    public void symlink(String name, String target, long mtime) throws IOException {
        header(name, '2', 0777, mtime, 0, target);
    }

    public void directory(String name, int mode, long mtime) throws IOException {
        header(name.endsWith("/") ? name : name + "/", '5', mode, mtime, 0, "");
    }

    /** The two zero blocks that end an archive; the stream itself stays open. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void header(String name, char type, int mode, long mtime, long size, String link) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        if (linkBytes.length > 100) {
            longName('K', linkBytes);
        }
        if (nameBytes.length > 100) {
            longName('L', nameBytes);
        }
        out.write(block(nameBytes, type, mode, mtime, size, linkBytes));
    }

    private void longName(char type, byte[] bytes) throws IOException {
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        out.write(block("././@LongLink".getBytes(StandardCharsets.US_ASCII), type, 0, 0, withNul.length, new byte[0]));
        out.write(withNul);
        pad(withNul.length);
    }

    private static byte[] block(byte[] name, char type, int mode, long mtime, long size, byte[] link) {
        byte[] header = new byte[BLOCK];
        System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
        octal(header, 100, 8, mode & 07777);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        size(header, size);
        octal(header, 136, 12, Math.max(0, mtime));
        header[156] = (byte) type;
        System.arraycopy(link, 0, header, 157, Math.min(100, link.length));
        byte[] magic = "ustar  \0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        return header;
    }

    /** Sizes of 8 GiB and more take GNU's base-256 form. */
    private static void size(byte[] header, long size) {
        if (size < 077777777777L) {
            octal(header, 124, 12, size);
            return;
        }
        header[124] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            header[135 - i] = (byte) (size >>> (8 * i));
        }
    }

    /** {@code length - 1} octal digits and a NUL. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (padding > 0) {
            out.write(new byte[padding]);
        }
    }
}
