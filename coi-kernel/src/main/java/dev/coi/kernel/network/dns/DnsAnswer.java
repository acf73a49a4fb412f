package dev.coi.kernel.network.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy reads of an upstream server's response: its header, its question and the addresses in its answer
 * section. Every A and AAAA record of the answer counts, whatever its owner: when the question is allowed, the
 * owners are the question's name and the names its CNAME chain leads to.
 */
record DnsAnswer(DnsHeader header, DnsQuestion question, List<AddressRecord> addresses) {

    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int CLASS_IN = 1;
    /** RFC 2181 8: a TTL with the most significant bit set is taken as zero. */
    private static final long MAX_TTL = 0x7FFF_FFFFL;

    /**
     * An address of the answer.
     *
     * @param ttl seconds
     */
    record AddressRecord(InetAddress address, long ttl) {
    }

    DnsAnswer {
        addresses = List.copyOf(addresses);
    }

    /**
     * @throws DnsFormatException for a query, a message without exactly one question, an address record of the wrong
     *     size, or a message cut short before the end of its answer section
     */
    static DnsAnswer parse(byte[] data, int length) throws DnsFormatException {
        WireReader reader = new WireReader(data, length);
        DnsHeader header = DnsHeader.read(reader);
        if (!header.isResponse()) {
            throw new DnsFormatException("a query, not a response");
        }
        if (header.questions() != 1) {
            throw new DnsFormatException(header.questions() + " questions, not one");
        }
        DnsQuestion question = DnsQuestion.read(reader);
        List<AddressRecord> addresses = new ArrayList<>();
        for (int i = 0; i < header.answers(); i++) {
            reader.name();
            int type = reader.u16();
            int dnsClass = reader.u16();
            long ttl = reader.u32();
            byte[] rdata = reader.bytes(reader.u16());
            if (dnsClass == CLASS_IN && (type == TYPE_A || type == TYPE_AAAA)) {
                addresses.add(new AddressRecord(address(type, rdata), ttl > MAX_TTL ? 0 : ttl));
            }
        }
        return new DnsAnswer(header, question, addresses);
    }

    private static InetAddress address(int type, byte[] rdata) throws DnsFormatException {
        int expected = type == TYPE_A ? 4 : 16;
        if (rdata.length != expected) {
            throw new DnsFormatException("address record of " + rdata.length + " octets, not " + expected);
        }
        try {
            return InetAddress.getByAddress(rdata);
        } catch (UnknownHostException e) {
            throw new DnsFormatException("unreadable address: " + e.getMessage());
        }
    }
}
