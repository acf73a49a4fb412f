package dev.coi.kernel.incus;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX ustar archive with the owners, modes and times given, so tests can build an image rootfs
 * owned by root (and by uid 1000 where they say) without being root themselves.
 */
final class TarWriter implements Closeable {

    private static final int BLOCK = 512;

    private final OutputStream out;
    private final long mtime;

    /**
     * @param out where the archive goes; closed with the writer
     * @param mtime the modification time of every entry, in epoch seconds: fixed times make the archive
     *              and so the image fingerprint the same on every build
     */
    TarWriter(OutputStream out, long mtime) {
        this.out = out;
        this.mtime = mtime;
    }

    TarWriter directory(String name, int mode, int uid, int gid) throws IOException {
        header(name.endsWith("/") ? name : name + "/", mode, uid, gid, 0, '5', "");
        return this;
    }

    TarWriter file(String name, int mode, int uid, int gid, byte[] content) throws IOException {
        header(name, mode, uid, gid, content.length, '0', "");
        out.write(content);
        out.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        return this;
    }

    TarWriter symlink(String name, String target) throws IOException {
        header(name, 0777, 0, 0, 0, '2', target);
        return this;
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }

    private void header(String name, int mode, int uid, int gid, long size, char type, String link)
            throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || link.length() > 100) {
            throw new IllegalArgumentException("names longer than 100 bytes need the ustar prefix: " + name);
        }
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, uid);
        octal(header, 116, 8, gid);
        octal(header, 124, 12, size);
        octal(header, 136, 12, mtime);
        header[156] = (byte) type;
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(linkBytes, 0, header, 157, linkBytes.length);
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        Arrays.fill(header, 148, 156, (byte) ' ');
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        octal(header, 148, 7, checksum);
        out.write(header);
    }

    /** A zero-padded octal number ending in NUL, filling the field. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value too large for a tar header field: " + value);
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }
}
