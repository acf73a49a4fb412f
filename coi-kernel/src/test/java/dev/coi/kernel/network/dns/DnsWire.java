package dev.coi.kernel.network.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** DNS messages as the tests' clients and fake upstream servers write and read them. */
final class DnsWire {

    static final int A = 1;
    static final int CNAME = 5;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int HTTPS = 65;
    static final int NXDOMAIN = 3;
    private static final int QUESTION_OFFSET = 12;

    private DnsWire() {
    }

    /**
     * A record of an answer; an owner equal to the question's name is written as a compression pointer to it.
     */
    record Rr(String owner, int type, long ttl, byte[] rdata) {

        static Rr a(String owner, String address, long ttl) {
            return new Rr(owner, A, ttl, bytes(address));
        }

        static Rr aaaa(String owner, String address, long ttl) {
            return new Rr(owner, AAAA, ttl, bytes(address));
        }

        static Rr cname(String owner, String target) {
            return new Rr(owner, CNAME, 300, name(target));
        }

        static Rr txt(String owner, String text) {
            byte[] octets = text.getBytes(StandardCharsets.US_ASCII);
            byte[] rdata = new byte[octets.length + 1];
            rdata[0] = (byte) octets.length;
            System.arraycopy(octets, 0, rdata, 1, octets.length);
            return new Rr(owner, TXT, 300, rdata);
        }
    }

    static byte[] query(int id, String name, int type, boolean edns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireWriter.u16(out, id);
        WireWriter.u16(out, DnsHeader.RD);
        WireWriter.u16(out, 1);
        WireWriter.u16(out, 0);
        WireWriter.u16(out, 0);
        WireWriter.u16(out, edns ? 1 : 0);
        out.writeBytes(name(name));
        WireWriter.u16(out, type);
        WireWriter.u16(out, 1);
        if (edns) {
            out.write(0);
            WireWriter.u16(out, 41);
            WireWriter.u16(out, 4096);
            WireWriter.u32(out, 0);
            WireWriter.u16(out, 0);
        }
        return out.toByteArray();
    }

    /** The response to a query: its id and question, the records, and the flags given beside QR, RD and RA. */
    static byte[] response(byte[] query, int flags, List<Rr> answers) {
        DnsQuery parsed = parse(query);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireWriter.u16(out, parsed.id());
        WireWriter.u16(out, DnsHeader.QR | DnsHeader.RD | DnsHeader.RA | flags);
        WireWriter.u16(out, 1);
        WireWriter.u16(out, answers.size());
        WireWriter.u16(out, 0);
        WireWriter.u16(out, 0);
        parsed.question().write(out);
        for (Rr rr : answers) {
            if (rr.owner().equalsIgnoreCase(parsed.question().name())) {
                WireWriter.u16(out, 0xC000 | QUESTION_OFFSET);
            } else {
                out.writeBytes(name(rr.owner()));
            }
            WireWriter.u16(out, rr.type());
            WireWriter.u16(out, 1);
            WireWriter.u32(out, rr.ttl());
            WireWriter.u16(out, rr.rdata().length);
            out.writeBytes(rr.rdata());
        }
        return out.toByteArray();
    }

    static byte[] name(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(0);
        return out.toByteArray();
    }

    static DnsQuery parse(byte[] query) {
        try {
            return DnsQuery.parse(query, query.length);
        } catch (DnsFormatException e) {
            throw new AssertionError(e);
        }
    }

    static DnsAnswer answer(byte[] reply) {
        try {
            return DnsAnswer.parse(reply, reply.length);
        } catch (DnsFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The extended error in the OPT record of a reply, if it has one. */
    static Optional<ExtendedError> extendedError(byte[] reply) {
        try {
            WireReader reader = new WireReader(reply, reply.length);
            DnsHeader header = DnsHeader.read(reader);
            for (int i = 0; i < header.questions(); i++) {
                DnsQuestion.read(reader);
            }
            for (int i = 0; i < header.answers() + header.authorities(); i++) {
                reader.name();
                reader.skip(8);
                reader.skip(reader.u16());
            }
            for (int i = 0; i < header.additionals(); i++) {
                reader.name();
                int type = reader.u16();
                reader.skip(6);
                int size = reader.u16();
                if (type != 41) {
                    reader.skip(size);
                    continue;
                }
                int end = reader.position() + size;
                while (reader.position() < end) {
                    int code = reader.u16();
                    int length = reader.u16();
                    if (code == 15) {
                        int info = reader.u16();
                        return Optional.of(new ExtendedError(info, new String(reader.bytes(length - 2),
                                StandardCharsets.UTF_8)));
                    }
                    reader.skip(length);
                }
            }
            return Optional.empty();
        } catch (DnsFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
