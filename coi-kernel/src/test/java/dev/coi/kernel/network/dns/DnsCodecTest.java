package dev.coi.kernel.network.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.network.dns.DnsAnswer.AddressRecord;
import dev.coi.kernel.network.dns.DnsWire.Rr;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsCodecTest {

    @Test
    void aQueryIsReadWithItsQuestionAndWhetherItHasEdns() throws Exception {
        DnsQuery plain = DnsWire.parse(DnsWire.query(0x1234, "API.Example.com", DnsWire.AAAA, false));
        DnsQuery edns = DnsWire.parse(DnsWire.query(7, "api.example.com", DnsWire.A, true));

        assertEquals(0x1234, plain.id());
        assertEquals(List.of("API", "Example", "com"), plain.question().labels());
        assertEquals("api.example.com", plain.question().name());
        assertEquals(DnsWire.AAAA, plain.question().type());
        assertEquals(1, plain.question().dnsClass());
        assertFalse(plain.edns());
        assertTrue(edns.edns());
    }

    @Test
    void answerAddressesAreReadThroughCompressionPointersWithTheirTtls() throws Exception {
        byte[] query = DnsWire.query(9, "www.example.com", DnsWire.A, false);
        byte[] response = DnsWire.response(query, 0, List.of(Rr.cname("www.example.com", "cdn.example.net"),
                Rr.a("cdn.example.net", "192.0.2.10", 60), Rr.a("www.example.com", "192.0.2.11", 0xFFFF_FFFFL),
                Rr.aaaa("www.example.com", "2001:db8::1", 30), Rr.txt("www.example.com", "v=1")));

        DnsAnswer answer = DnsAnswer.parse(response, response.length);

        assertEquals(9, answer.header().id());
        assertTrue(answer.question().sameAs(DnsWire.parse(query).question()));
        assertEquals(List.of(new AddressRecord(InetAddress.getByName("192.0.2.10"), 60),
                new AddressRecord(InetAddress.getByName("192.0.2.11"), 0),
                new AddressRecord(InetAddress.getByName("2001:db8::1"), 30)), answer.addresses());
    }

    @Test
    void aPointerMayLeadToAnotherPointer() throws Exception {
        // question www.example.com at 12; "cdn" + pointer to "example.com" inside it (offset 16); then a pointer to
        // that name: two jumps back
        ByteArrayOutputStream out = header(0x8180, 1, 2);
        out.writeBytes(DnsWire.name("www.example.com"));
        WireWriter.u32(out, 0x0001_0001);
        int cdn = out.size();
        out.writeBytes(new byte[] {3, 'c', 'd', 'n', (byte) 0xC0, 16});
        WireWriter.u32(out, 0x0001_0001);
        WireWriter.u32(out, 60);
        WireWriter.u16(out, 4);
        out.writeBytes(new byte[] {(byte) 192, 0, 2, 1});
        out.writeBytes(new byte[] {(byte) 0xC0, (byte) cdn});
        WireWriter.u32(out, 0x0001_0001);
        WireWriter.u32(out, 60);
        WireWriter.u16(out, 4);
        out.writeBytes(new byte[] {(byte) 192, 0, 2, 2});
        byte[] message = out.toByteArray();

        WireReader reader = new WireReader(message, message.length);
        reader.skip(cdn);
        assertEquals(List.of("cdn", "example", "com"), reader.name());
        assertEquals(cdn + 6, reader.position());
        assertEquals(2, DnsAnswer.parse(message, message.length).addresses().size());
    }

    @Test
    void aPointerToItselfOrForwardIsRefused() {
        for (int target : new int[] {12, 14}) {
            ByteArrayOutputStream out = header(0, 1, 0);
            out.writeBytes(new byte[] {(byte) 0xC0, (byte) target, 0, 1, 0, 1, 0});
            byte[] message = out.toByteArray();
            DnsFormatException e = assertThrows(DnsFormatException.class,
                    () -> DnsQuery.parse(message, message.length));
            assertTrue(e.getMessage().contains("does not point before its name"), e.getMessage());
        }
    }

    @Test
    void aPointerBackIntoItsOwnNameIsRefused() {
        // the name at 12 is "a" then a pointer to 12: behind the pointer, and a loop if followed blindly
        ByteArrayOutputStream out = header(0, 1, 0);
        out.writeBytes(new byte[] {1, 'a', (byte) 0xC0, 12, 0, 1, 0, 1});
        byte[] message = out.toByteArray();
        DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsQuery.parse(message, message.length));
        assertTrue(e.getMessage().contains("does not point before its name"), e.getMessage());
    }

    @Test
    void everyTruncationOfAMessageIsRefused() {
        byte[] query = DnsWire.query(1, "api.example.com", DnsWire.A, true);
        byte[] response = DnsWire.response(query, 0, List.of(Rr.a("api.example.com", "192.0.2.1", 60)));
        for (int length = 0; length < query.length; length++) {
            int cut = length;
            assertThrows(DnsFormatException.class, () -> DnsQuery.parse(query, cut), "query cut at " + cut);
        }
        for (int length = 0; length < response.length; length++) {
            int cut = length;
            assertThrows(DnsFormatException.class, () -> DnsAnswer.parse(response, cut), "response cut at " + cut);
        }
    }

    @Test
    void overlongNamesUnknownLabelTypesAndBadAddressesAreRefused() {
        ByteArrayOutputStream longName = header(0, 1, 0);
        for (int i = 0; i < 5; i++) {
            longName.write(63);
            longName.writeBytes("a".repeat(63).getBytes());
        }
        longName.writeBytes(new byte[] {0, 0, 1, 0, 1});
        ByteArrayOutputStream labelType = header(0, 1, 0);
        labelType.writeBytes(new byte[] {0x41, 0, 0, 1, 0, 1});
        byte[] query = DnsWire.query(1, "api.example.com", DnsWire.A, false);
        byte[] badA = DnsWire.response(query, 0, List.of(new Rr("api.example.com", DnsWire.A, 60, new byte[5])));

        assertThrows(DnsFormatException.class, () -> DnsQuery.parse(longName.toByteArray(), longName.size()));
        assertThrows(DnsFormatException.class, () -> DnsQuery.parse(labelType.toByteArray(), labelType.size()));
        assertThrows(DnsFormatException.class, () -> DnsAnswer.parse(badA, badA.length));
    }

    @Test
    void queriesAndResponsesAreNotTakenForEachOther() {
        byte[] query = DnsWire.query(1, "api.example.com", DnsWire.A, false);
        byte[] response = DnsWire.response(query, 0, List.of());
        byte[] twoQuestions = query.clone();
        twoQuestions[5] = 2;

        assertThrows(DnsFormatException.class, () -> DnsQuery.parse(response, response.length));
        assertThrows(DnsFormatException.class, () -> DnsAnswer.parse(query, query.length));
        assertThrows(DnsFormatException.class, () -> DnsQuery.parse(twoQuestions, twoQuestions.length));
    }

    @Test
    void aLabelWithADotInsideIsNoHostName() {
        ByteArrayOutputStream out = header(0, 1, 0);
        out.writeBytes(new byte[] {11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm', 0, 0, 1, 0, 1});
        DnsQuery query = DnsWire.parse(out.toByteArray());

        assertEquals("example.com", query.question().name());
        assertFalse(query.question().isHostName());
        assertTrue(DnsWire.parse(DnsWire.query(1, "_x.a-b.example.com", 1, false)).question().isHostName());
    }

    @Test
    void aRefusalToAnEdnsQueryCarriesTheExtendedError() {
        DnsQuery query = DnsWire.parse(DnsWire.query(0xBEEF, "Evil.example.org", DnsWire.A, true));

        byte[] reply = DnsReplies.reply(query, DnsReplies.REFUSED,
                ExtendedError.prohibited("coi: evil.example.org is not in network.allowed_domains"));

        DnsAnswer read = DnsWire.answer(reply);
        assertEquals(0xBEEF, read.header().id());
        assertEquals(DnsReplies.REFUSED, read.header().rcode());
        assertTrue((read.header().flags() & DnsHeader.RD) != 0 && (read.header().flags() & DnsHeader.RA) != 0);
        assertEquals(List.of("Evil", "example", "org"), read.question().labels());
        assertEquals(Optional.of(ExtendedError.prohibited("coi: evil.example.org is not in network.allowed_domains")),
                DnsWire.extendedError(reply));
    }

    @Test
    void aRefusalToAPlainQueryIsTheResponseCodeAlone() {
        byte[] wire = DnsWire.query(5, "evil.example.org", DnsWire.TXT, false);
        wire[2] = 0;
        DnsQuery query = DnsWire.parse(wire);

        byte[] reply = DnsReplies.reply(query, DnsReplies.REFUSED, ExtendedError.prohibited("not shown"));

        DnsAnswer read = DnsWire.answer(reply);
        assertEquals(DnsReplies.REFUSED, read.header().rcode());
        assertEquals(0, read.header().flags() & DnsHeader.RD);
        assertEquals(0, read.header().additionals());
        assertEquals(DnsWire.TXT, read.question().type());
        assertEquals(Optional.empty(), DnsWire.extendedError(reply));
    }

    @Test
    void extraTextShowsOnlyPrintableAscii() {
        DnsQuery query = DnsWire.parse(DnsWire.query(5, "x.example.org", DnsWire.A, true));

        byte[] reply = DnsReplies.reply(query, DnsReplies.REFUSED, ExtendedError.prohibited("a\u0000b\u00e9c"));

        assertEquals("a?b?c", DnsWire.extendedError(reply).orElseThrow().text());
    }

    @Test
    void formErrOnlyForAReadableQueryHeader() {
        byte[] garbage = DnsWire.query(0x4242, "api.example.com", DnsWire.A, false);
        byte[] cut = Arrays.copyOf(garbage, 20);
        byte[] response = DnsWire.response(garbage, 0, List.of());

        byte[] formErr = DnsReplies.formErr(cut, cut.length).orElseThrow();

        assertArrayEquals(new byte[] {0x42, 0x42, (byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 0, 0, 0, 0}, formErr);
        assertEquals(Optional.empty(), DnsReplies.formErr(cut, 11));
        assertEquals(Optional.empty(), DnsReplies.formErr(response, response.length));
    }

    private static ByteArrayOutputStream header(int flags, int questions, int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireWriter.u16(out, 0x0101);
        WireWriter.u16(out, flags);
        WireWriter.u16(out, questions);
        WireWriter.u16(out, answers);
        WireWriter.u32(out, 0);
        return out;
    }
}
