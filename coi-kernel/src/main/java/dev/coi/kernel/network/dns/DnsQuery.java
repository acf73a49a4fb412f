package dev.coi.kernel.network.dns;

import java.util.Arrays;

/**
 * A query a client sent: what the proxy decides on and, when it forwards, the exact octets it forwards.
 *
 * @param wire the message as received
 * @param edns whether the query carries an OPT record (RFC 6891), so that a reply may carry one
 */
record DnsQuery(byte[] wire, DnsHeader header, DnsQuestion question, boolean edns) {

    private static final int OPT = 41;

    /**
     * @throws DnsFormatException for a response, a message without exactly one question, or one that is cut short
     */
    static DnsQuery parse(byte[] data, int length) throws DnsFormatException {
        WireReader reader = new WireReader(data, length);
        DnsHeader header = DnsHeader.read(reader);
        if (header.isResponse()) {
            throw new DnsFormatException("a response, not a query");
        }
        if (header.questions() != 1) {
            throw new DnsFormatException(header.questions() + " questions, not one");
        }
        DnsQuestion question = DnsQuestion.read(reader);
        for (int i = 0; i < header.answers() + header.authorities(); i++) {
            skipRecord(reader);
        }
        boolean edns = false;
        for (int i = 0; i < header.additionals(); i++) {
            edns |= skipRecord(reader) == OPT;
        }
        return new DnsQuery(Arrays.copyOf(data, length), header, question, edns);
    }

    int id() {
        return header.id();
    }

    /** @return the record's type */
    private static int skipRecord(WireReader reader) throws DnsFormatException {
        reader.name();
        int type = reader.u16();
        reader.skip(2 + 4);
        reader.skip(reader.u16());
        return type;
    }
}
