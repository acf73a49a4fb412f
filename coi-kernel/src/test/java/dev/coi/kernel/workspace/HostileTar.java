package dev.coi.kernel.workspace;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Tar streams built header by header, as a hostile container could write them. */
final class HostileTar {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    HostileTar file(String name, String content) {
        return file(name, content, 0644);
    }

    HostileTar file(String name, String content, int mode) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), '0', mode, bytes.length, ""));
        out.writeBytes(bytes);
        out.writeBytes(new byte[(512 - bytes.length % 512) % 512]);
        return this;
    }

    HostileTar rawName(byte[] name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(header(name, '0', 0644, bytes.length, ""));
        out.writeBytes(bytes);
        out.writeBytes(new byte[(512 - bytes.length % 512) % 512]);
        return this;
    }

    HostileTar directory(String name) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), '5', 0755, 0, ""));
        return this;
    }

    HostileTar symlink(String name, String target) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), '2', 0777, 0, target));
        return this;
    }

    HostileTar hardlink(String name, String target) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), '1', 0644, 0, target));
        return this;
    }

    HostileTar special(String name, char type) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), type, 0644, 0, ""));
        return this;
    }

    /** A header that claims a size, with no content after it. */
    HostileTar claims(String name, long size) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), '0', 0644, size, ""));
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    InputStream stream() {
        return new java.io.ByteArrayInputStream(bytes());
    }

    static byte[] header(byte[] name, char type, int mode, long size, String link) {
        byte[] header = new byte[512];
        System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
        put(header, 100, 8, Long.toOctalString(mode));
        put(header, 108, 8, "0");
        put(header, 116, 8, "0");
        put(header, 124, 12, Long.toOctalString(size));
        put(header, 136, 12, "0");
        header[156] = (byte) type;
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(linkBytes, 0, header, 157, Math.min(100, linkBytes.length));
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        put(header, 148, 7, Long.toOctalString(sum));
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, int length, String octal) {
        String padded = "0".repeat(Math.max(0, length - 1 - octal.length())) + octal;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, length - 1);
    }

    /** {@code count} empty files, generated as they are read: a stream of many MB without holding it. */
    static InputStream manyEmptyFiles(int count) {
        return new InputStream() {
            private int file;
            private byte[] block = new byte[0];
            private int position;

            @Override
            public int read() {
                if (position == block.length) {
                    if (file > count + 1) {
                        return -1;
                    }
                    block = file < count ? header(("f" + file).getBytes(StandardCharsets.US_ASCII), '0', 0644, 0, "")
                            : new byte[512];
                    file++;
                    position = 0;
                }
                return block[position++] & 0xff;
            }
        };
    }
}
