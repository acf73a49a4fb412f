package dev.coi.plugin.firewalld;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The little of the D-Bus wire format that hearing a signal needs: writing a method call with at most one string
 * argument, and reading a message's type and member, skipping its body.
 *
 * @param type the message type ({@link #SIGNAL} for a signal)
 * @param member the method or signal name, if the header has one
 */
record BusMessage(int type, Optional<String> member) {

    static final int METHOD_CALL = 1;
    static final int SIGNAL = 4;

    private static final int PATH = 1;
    private static final int INTERFACE = 2;
    private static final int MEMBER = 3;
    private static final int DESTINATION = 6;
    private static final int SIGNATURE = 8;
    private static final int FIXED_HEADER = 16;
    /** The bus refuses larger messages; a longer header means the stream is not D-Bus. */
    private static final int MAX_HEADER = 1 << 16;

    /**
     * A message as the bus expects it, in little-endian order.
     *
     * @param argument the one string argument, or null for none
     */
    static byte[] write(int type, int serial, String path, String iface, String member, String destination,
            String argument) {
        ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 'l').put((byte) type).put((byte) 0).put((byte) 1);
        buffer.putInt(0).putInt(serial).putInt(0);
        field(buffer, PATH, 'o', path);
        field(buffer, INTERFACE, 's', iface);
        field(buffer, MEMBER, 's', member);
        if (destination != null) {
            field(buffer, DESTINATION, 's', destination);
        }
        if (argument != null) {
            align(buffer, 8);
            buffer.put((byte) SIGNATURE).put((byte) 1).put((byte) 'g').put((byte) 0);
            buffer.put((byte) 1).put((byte) 's').put((byte) 0);
        }
        buffer.putInt(12, buffer.position() - FIXED_HEADER);
        align(buffer, 8);
        int body = buffer.position();
        if (argument != null) {
            string(buffer, argument);
        }
        buffer.putInt(4, buffer.position() - body);
        byte[] message = new byte[buffer.position()];
        buffer.get(0, message);
        return message;
    }

    /** Reads one message; its body is skipped. */
    static BusMessage read(DataInputStream in) throws IOException {
        byte[] fixed = new byte[FIXED_HEADER];
        in.readFully(fixed);
        ByteOrder order = switch (fixed[0]) {
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            case 'B' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IOException("not a D-Bus message (endianness byte " + fixed[0] + ")");
        };
        ByteBuffer start = ByteBuffer.wrap(fixed).order(order);
        long bodyLength = Integer.toUnsignedLong(start.getInt(4));
        int fieldsLength = start.getInt(12);
        if (fieldsLength < 0 || fieldsLength > MAX_HEADER) {
            throw new IOException("a D-Bus header of " + Integer.toUnsignedString(fieldsLength) + " bytes");
        }
        int headerEnd = (FIXED_HEADER + fieldsLength + 7) & ~7;
        byte[] header = new byte[headerEnd];
        System.arraycopy(fixed, 0, header, 0, FIXED_HEADER);
        in.readFully(header, FIXED_HEADER, headerEnd - FIXED_HEADER);
        in.skipNBytes(bodyLength);
        ByteBuffer fields = ByteBuffer.wrap(header, 0, FIXED_HEADER + fieldsLength).order(order);
        fields.position(FIXED_HEADER);
        return new BusMessage(fixed[1], member(fields));
    }

    /** The member field, read field by field: a string-valued field is skipped, any other kind ends the search. */
    private static Optional<String> member(ByteBuffer fields) {
        while (true) {
            skipPadding(fields, 8);
            if (fields.remaining() < 4) {
                return Optional.empty();
            }
            int code = fields.get();
            int signatureLength = fields.get();
            if (signatureLength != 1) {
                return Optional.empty();
            }
            char kind = (char) fields.get();
            fields.get();
            String value;
            if (kind == 's' || kind == 'o') {
                skipPadding(fields, 4);
                int length = fields.getInt();
                if (length < 0 || length >= fields.remaining()) {
                    return Optional.empty();
                }
                value = text(fields, length);
            } else if (kind == 'g') {
                int length = fields.get() & 0xff;
                if (length >= fields.remaining()) {
                    return Optional.empty();
                }
                value = text(fields, length);
            } else if (kind == 'u') {
                skipPadding(fields, 4);
                fields.getInt();
                continue;
            } else {
                return Optional.empty();
            }
            if (code == MEMBER) {
                return Optional.of(value);
            }
        }
    }

    private static String text(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        buffer.get();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void field(ByteBuffer buffer, int code, char kind, String value) {
        align(buffer, 8);
        buffer.put((byte) code).put((byte) 1).put((byte) kind).put((byte) 0);
        string(buffer, value);
    }

    private static void string(ByteBuffer buffer, String value) {
        align(buffer, 4);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(bytes.length).put(bytes).put((byte) 0);
    }

    /** Pads with zeros to the boundary; positions count from the message's start, as D-Bus aligns them. */
    private static void align(ByteBuffer buffer, int boundary) {
        while (buffer.position() % boundary != 0) {
            buffer.put((byte) 0);
        }
    }

    /** Skips a read buffer's padding to the boundary. */
    private static void skipPadding(ByteBuffer buffer, int boundary) {
        buffer.position(Math.min((buffer.position() + boundary - 1) & -boundary, buffer.limit()));
    }
}
