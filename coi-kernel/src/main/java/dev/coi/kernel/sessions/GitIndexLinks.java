package dev.coi.kernel.sessions;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The submodule paths (gitlinks, mode 160000) of a git index file. git status runs git in each of them, so a
 * session that adds one to the index, over a repository it made in the workspace, would have host git read that
 * repository's config. Reads index versions 2 to 4; anything it cannot read gives what it read so far.
 */
final class GitIndexLinks {

    private static final int GITLINK = 0160000;
    private static final int TYPE_MASK = 0170000;
    private static final int NAME_MASK = 0x0fff;
    private static final int EXTENDED = 0x4000;

    private GitIndexLinks() {
    }

    /**
     * @param index the index file's content
     * @param hashLength 20 for SHA-1 repositories, 32 for SHA-256 ones
     */
    static List<String> of(byte[] index, int hashLength) {
        List<String> links = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(index);
        if (index.length < 12 || buffer.getInt() != 0x44495243) { // "DIRC"
            return links;
        }
        int version = buffer.getInt();
        int count = buffer.getInt();
        if (version < 2 || version > 4) {
            return links;
        }
        byte[] previous = new byte[0];
        try {
            for (int i = 0; i < count; i++) {
                int start = buffer.position();
                buffer.position(start + 24);
                int mode = buffer.getInt();
                buffer.position(buffer.position() + 12 + hashLength);
                int flags = Short.toUnsignedInt(buffer.getShort());
                if (version >= 3 && (flags & EXTENDED) != 0) {
                    buffer.getShort();
                }
                byte[] name;
                if (version == 4) {
                    int strip = varint(buffer);
                    byte[] suffix = untilNul(buffer);
                    name = new byte[previous.length - strip + suffix.length];
                    System.arraycopy(previous, 0, name, 0, previous.length - strip);
                    System.arraycopy(suffix, 0, name, previous.length - strip, suffix.length);
                } else {
                    int length = flags & NAME_MASK;
                    name = length < NAME_MASK ? new byte[length] : null;
                    if (name != null) {
                        buffer.get(name);
                    } else {
                        name = untilNul(buffer);
                        buffer.position(buffer.position() - 1);
                    }
                    // entries are padded with 1 to 8 NULs to a multiple of 8 bytes
                    int end = start + ((buffer.position() - start) / 8 + 1) * 8;
                    buffer.position(end);
                }
                previous = name;
                if ((mode & TYPE_MASK) == GITLINK) {
                    links.add(new String(name, StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            // a damaged or foreign index: what was read stands
        }
        return links;
    }

    /** git's offset varint of index version 4. */
    private static int varint(ByteBuffer buffer) {
        int b = Byte.toUnsignedInt(buffer.get());
        int value = b & 0x7f;
        while ((b & 0x80) != 0) {
            b = Byte.toUnsignedInt(buffer.get());
            value = ((value + 1) << 7) | (b & 0x7f);
        }
        return value;
    }

    private static byte[] untilNul(ByteBuffer buffer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte b = buffer.get(); b != 0; b = buffer.get()) {
            bytes.write(b);
        }
        return bytes.toByteArray();
    }
}
