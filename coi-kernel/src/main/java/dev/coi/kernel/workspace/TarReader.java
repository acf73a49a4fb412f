package dev.coi.kernel.workspace;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a tar stream that someone hostile may have written: ustar and GNU headers, GNU long names and pax
 * {@code path}, {@code linkpath}, {@code size} and {@code mtime} records. Every header's checksum is checked;
 * lengths are bounded before anything is allocated; nothing is written anywhere, only members handed out for the
 * caller to judge. The content of a member is read through {@link #content()} or skipped by the next
 * {@link #next()}.
 */
public final class TarReader {

    static final int BLOCK = 512;
    /** Longer than any path Linux opens (PATH_MAX is 4096). */
    static final int MAX_NAME = 4096;
    /** pax headers carry a few records; a larger one is an attack on memory. */
    private static final int MAX_PAX = 64 * 1024;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long padding;
    private long consumed;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** How many bytes of the stream were read so far, headers and padding included. */
    public long consumed() {
        return consumed;
    }

    /**
     * The next member, its pending content skipped first; empty at the end of the archive.
     *
     * @throws IOException when the stream is not a tar archive or ends in the middle of one
     */
    public Optional<TarEntry> next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] longName = null;
        byte[] longLink = null;
        Pax pax = new Pax();
        while (true) {
            if (!readBlock()) {
                return Optional.empty();
            }
            if (isZero(header)) {
                return Optional.empty();
            }
            checkSum();
            char flag = (char) header[156];
            long size = number(124, 12, "size");
            switch (flag) {
                case 'L' -> longName = extension(size, MAX_NAME + 1, "GNU long name");
                case 'K' -> longLink = extension(size, MAX_NAME + 1, "GNU long link name");
                case 'x' -> pax.read(extension(size, MAX_PAX, "pax header"));
                case 'g' -> extension(size, MAX_PAX, "pax global header");
                default -> {
                    return Optional.of(member(flag, size, longName, longLink, pax));
                }
            }
        }
    }

    /** The current member's content; reading past it gives end of stream. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int read = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (read < 0) {
                    throw new EOFException("the tar stream ends inside a member's content");
                }
                remaining -= read;
                consumed += read;
                return read;
            }
        };
    }

    private TarEntry member(char flag, long size, byte[] longName, byte[] longLink, Pax pax) throws IOException {
        byte[] rawName = longName != null ? trimNul(longName) : ustarName();
        byte[] rawLink = longLink != null ? trimNul(longLink) : field(157, 100);
        if (pax.size != null) {
            size = pax.size;
        }
        TarEntry.Type type = type(flag);
        // links, folders and devices have no content, whatever their size field says
        long content = type == TarEntry.Type.FILE || type == TarEntry.Type.OTHER ? size : 0;
        remaining = content;
        padding = (BLOCK - content % BLOCK) % BLOCK;
        Decoded name = pax.path != null ? decode(pax.path) : decode(rawName);
        Decoded link = pax.linkPath != null ? decode(pax.linkPath) : decode(rawLink);
        int mode = (int) (number(100, 8, "mode") & 07777);
        long mtime = pax.mtime != null ? pax.mtime : number(136, 12, "mtime");
        return new TarEntry(name.text, name.clean, type, type == TarEntry.Type.FILE ? size : 0, mode, mtime,
                link.text);
    }

    private static TarEntry.Type type(char flag) {
        return switch (flag) {
            case '0', '\0' -> TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHARACTER_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            default -> TarEntry.Type.OTHER;
        };
    }

    /** ustar splits long names into a prefix and a name; GNU headers use the prefix field for other things. */
    private byte[] ustarName() {
        byte[] name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (!ustar || header[345] == 0) {
            return name;
        }
        byte[] prefix = field(345, 155);
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
    }

    private record Decoded(String text, boolean clean) {
    }

    private static Decoded decode(byte[] bytes) {
        boolean clean = true;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.UTF_8);
            clean = false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                clean = false;
            }
        }
        return new Decoded(text, clean);
    }

    private byte[] extension(long size, int max, String what) throws IOException {
        if (size > max) {
            throw new IOException("the tar stream has a " + what + " of " + size + " bytes, more than the " + max
                    + " coi reads");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("the tar stream ends inside a " + what);
        }
        consumed += size;
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private boolean readBlock() throws IOException {
        int read = in.readNBytes(header, 0, BLOCK);
        consumed += read;
        if (read == 0) {
            return false;
        }
        if (read != BLOCK) {
            throw new EOFException("the tar stream ends inside a header");
        }
        return true;
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the tar stream ends inside a member's content");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        consumed += bytes;
    }

    private void checkSum() throws IOException {
        long expected = number(148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != expected) {
            throw new IOException("a tar header's checksum is wrong (" + expected + ", computed " + sum
                    + "): the stream is damaged or not a tar archive");
        }
    }

    /** Octal, NUL or space terminated; or GNU base-256 when the first byte's high bit is set (positive only). */
    private long number(int offset, int length, String what) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            if ((header[offset] & 0x40) != 0) {
                throw new IOException("a tar header has a negative " + what);
            }
            long value = header[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new IOException("a tar header's " + what + " is too large");
                }
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && header[i] == ' ') {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw new IOException("a tar header's " + what + " is not an octal number");
            }
            if (value > (Long.MAX_VALUE >> 3)) {
                throw new IOException("a tar header's " + what + " is too large");
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private byte[] field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        System.arraycopy(header, offset, bytes, 0, bytes.length);
        return bytes;
    }

    private static byte[] trimNul(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        byte[] trimmed = new byte[end];
        System.arraycopy(bytes, 0, trimmed, 0, end);
        return trimmed;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The pax records coi honours; the others are read past. */
    private static final class Pax {
        private byte[] path;
        private byte[] linkPath;
        private Long size;
        private Long mtime;

        void read(byte[] data) throws IOException {
            int position = 0;
            while (position < data.length) {
                int space = indexOf(data, (byte) ' ', position);
                if (space < 0) {
                    throw new IOException("a pax header record has no length");
                }
                int length;
                try {
                    length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("a pax header record has a bad length");
                }
                int end = position + length;
                if (length <= space - position + 1 || end > data.length || data[end - 1] != '\n') {
                    throw new IOException("a pax header record has a bad length");
                }
                int equals = indexOf(data, (byte) '=', space + 1);
                if (equals < 0 || equals >= end) {
                    throw new IOException("a pax header record has no '='");
                }
                String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
                byte[] value = new byte[end - 1 - equals - 1];
                System.arraycopy(data, equals + 1, value, 0, value.length);
                switch (key) {
                    case "path" -> path = checkedName(value);
                    case "linkpath" -> linkPath = checkedName(value);
                    case "size" -> size = decimal(value, "size");
                    case "mtime" -> mtime = decimal(value, "mtime");
                    default -> {
                    }
                }
                position = end;
            }
        }

        private static byte[] checkedName(byte[] value) throws IOException {
            if (value.length > MAX_NAME) {
                throw new IOException("a pax header names a path of " + value.length + " bytes");
            }
            return value;
        }

        private static long decimal(byte[] value, String what) throws IOException {
            String text = new String(value, StandardCharsets.US_ASCII);
            int dot = text.indexOf('.');
            try {
                long number = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
                if (number < 0 && what.equals("size")) {
                    throw new IOException("a pax header has a negative size");
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IOException("a pax header's " + what + " is not a number: " + text);
            }
        }

        private static int indexOf(byte[] data, byte wanted, int from) {
            for (int i = from; i < data.length; i++) {
                if (data[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
