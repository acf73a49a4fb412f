package dev.coi.kernel.network.dns;

/**
 * The fixed 12 octets every DNS message starts with (RFC 1035 4.1.1).
 *
 * @param flags QR, opcode, AA, TC, RD, RA, Z, AD, CD and the response code, as on the wire
 */
record DnsHeader(int id, int flags, int questions, int answers, int authorities, int additionals) {

    static final int SIZE = 12;
    static final int QR = 0x8000;
    static final int TC = 0x0200;
    static final int RD = 0x0100;
    static final int RA = 0x0080;
    static final int CD = 0x0010;
    private static final int OPCODE = 0x7800;
    private static final int RCODE = 0x000F;

    static DnsHeader read(WireReader reader) throws DnsFormatException {
        return new DnsHeader(reader.u16(), reader.u16(), reader.u16(), reader.u16(), reader.u16(), reader.u16());
    }

    boolean isResponse() {
        return (flags & QR) != 0;
    }

    boolean truncated() {
        return (flags & TC) != 0;
    }

    int opcode() {
        return (flags & OPCODE) >>> 11;
    }

    int rcode() {
        return flags & RCODE;
    }

    /**
     * The flags of coi's own reply to a query with these flags: a response of the same opcode, recursion desired
     * and checking disabled as asked, recursion available (the proxy resolves through its upstreams).
     */
    int replyFlags(int responseCode) {
        return QR | flags & (OPCODE | RD | CD) | RA | responseCode;
    }
}
