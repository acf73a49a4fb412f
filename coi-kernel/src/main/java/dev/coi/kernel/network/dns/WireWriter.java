package dev.coi.kernel.network.dns;

import java.io.ByteArrayOutputStream;

/** Writes the fixed-size integers of DNS messages, most significant octet first. */
final class WireWriter {

    private WireWriter() {
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xFF);
        out.write(value & 0xFF);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        u16(out, (int) (value >>> 16 & 0xFFFF));
        u16(out, (int) (value & 0xFFFF));
    }
}
