package dev.coi.kernel.network.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a DNS message front to back; every read is checked against the message's end. */
final class WireReader {

    private static final int MAX_NAME_OCTETS = 255;
    private static final int POINTER = 0xC0;

    private final byte[] data;
    private final int length;
    private int position;

    WireReader(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    int position() {
        return position;
    }

    int u8() throws DnsFormatException {
        need(1);
        return data[position++] & 0xFF;
    }

    int u16() throws DnsFormatException {
        return u8() << 8 | u8();
    }

    long u32() throws DnsFormatException {
        return (long) u16() << 16 | u16();
    }

    byte[] bytes(int count) throws DnsFormatException {
        need(count);
        byte[] out = new byte[count];
        System.arraycopy(data, position, out, 0, count);
        position += count;
        return out;
    }

    void skip(int count) throws DnsFormatException {
        need(count);
        position += count;
    }

    /**
     * A name, following compression pointers (RFC 1035 4.1.4). A pointer must point before the labels it ends (a
     * name written earlier), so every jump goes further back and no chain of pointers can loop; the labels are kept
     * byte for byte (ISO-8859-1), dots inside a label included.
     */
    List<String> name() throws DnsFormatException {
        List<String> labels = new ArrayList<>();
        int at = position;
        int segment = position;
        int after = -1;
        int octets = 1;
        while (true) {
            int size = byteAt(at);
            if ((size & POINTER) == POINTER) {
                int target = (size & ~POINTER) << 8 | byteAt(at + 1);
                if (after < 0) {
                    after = at + 2;
                }
                if (target >= segment) {
                    throw new DnsFormatException("compression pointer at " + at + " does not point before its name");
                }
                at = target;
                segment = target;
            } else if ((size & POINTER) != 0) {
                throw new DnsFormatException("unknown label type at " + at);
            } else if (size == 0) {
                position = after < 0 ? at + 1 : after;
                return labels;
            } else {
                octets += size + 1;
                if (octets > MAX_NAME_OCTETS) {
                    throw new DnsFormatException("name longer than " + MAX_NAME_OCTETS + " octets");
                }
                if (at + 1 + size > length) {
                    throw new DnsFormatException("label runs past the end of the message");
                }
                labels.add(new String(data, at + 1, size, StandardCharsets.ISO_8859_1));
                at += 1 + size;
            }
        }
    }

    private int byteAt(int at) throws DnsFormatException {
        if (at >= length) {
            throw new DnsFormatException("name runs past the end of the message");
        }
        return data[at] & 0xFF;
    }

    private void need(int count) throws DnsFormatException {
        if (count < 0 || position + count > length) {
            throw new DnsFormatException("message ends at " + length + ", " + count + " more octets expected at "
                    + position);
        }
    }
}
