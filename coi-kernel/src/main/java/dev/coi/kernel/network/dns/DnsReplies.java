package dev.coi.kernel.network.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The replies coi's proxy writes itself, instead of relaying an upstream server's. */
final class DnsReplies {

    static final int FORMERR = 1;
    static final int SERVFAIL = 2;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;

    private static final int OPT = 41;
    private static final int EDE = 15;
    /** The UDP payload size coi's replies announce: the DNS flag day 2020 default, never fragmented. */
    private static final int UDP_PAYLOAD = 1232;
    private static final int MAX_TEXT = 300;

    private DnsReplies() {
    }

    /**
     * A reply with the query's id and question and no records; when the query carried EDNS, an OPT record with the
     * extended error, else the response code alone.
     */
    static byte[] reply(DnsQuery query, int responseCode, ExtendedError error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        WireWriter.u16(out, query.id());
        WireWriter.u16(out, query.header().replyFlags(responseCode));
        WireWriter.u16(out, 1);
        WireWriter.u16(out, 0);
        WireWriter.u16(out, 0);
        WireWriter.u16(out, query.edns() ? 1 : 0);
        query.question().write(out);
        if (query.edns()) {
            byte[] text = printable(error.text()).getBytes(StandardCharsets.UTF_8);
            out.write(0);
            WireWriter.u16(out, OPT);
            WireWriter.u16(out, UDP_PAYLOAD);
            WireWriter.u32(out, 0);
            WireWriter.u16(out, 2 + 2 + 2 + text.length);
            WireWriter.u16(out, EDE);
            WireWriter.u16(out, 2 + text.length);
            WireWriter.u16(out, error.infoCode());
            out.write(text, 0, text.length);
        }
        return out.toByteArray();
    }

    /**
     * FORMERR for a message whose header can be read and that is a query; a message too short for a header, or a
     * response, gets no reply at all (answering responses would let two servers talk to each other forever).
     */
    static Optional<byte[]> formErr(byte[] data, int length) {
        WireReader reader = new WireReader(data, length);
        try {
            DnsHeader header = DnsHeader.read(reader);
            if (header.isResponse()) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(DnsHeader.SIZE);
            WireWriter.u16(out, header.id());
            WireWriter.u16(out, header.replyFlags(FORMERR));
            WireWriter.u32(out, 0);
            WireWriter.u32(out, 0);
            return Optional.of(out.toByteArray());
        } catch (DnsFormatException e) {
            return Optional.empty();
        }
    }

    /** Names in a text may be any octets a client sent: the text shows printable ASCII only, and not too much. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        for (int i = 0; i < text.length() && i < MAX_TEXT; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
