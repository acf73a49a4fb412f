package dev.coi.kernel.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.network.dns.DnsWire.Rr;
import dev.coi.kernel.network.dns.RecordingAdmission.Admitted;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on 127.0.0.1, its upstream a fake server on 127.0.0.1; the container asks from 127.0.0.1. */
class DnsProxyTest {

    private static final InetAddress CONTAINER = InetAddress.getLoopbackAddress();
    private static final AdmissionLifetime LIFETIME = new AdmissionLifetime(Duration.ofSeconds(5),
            Duration.ofHours(1), Duration.ofSeconds(30));
    /** What the kernel's guard will refuse, as far as these tests need: private, link-local and loopback. */
    private static final AddressGuard PUBLIC_ONLY = address -> !(address.isSiteLocalAddress()
            || address.isLinkLocalAddress() || address.isLoopbackAddress());

    private final RecordingAdmission admission = new RecordingAdmission();
    private final Clients clients = source -> Optional.ofNullable(Map.of(CONTAINER, new ClientPolicy("coi-c1",
            DomainPatterns.parse(List.of("api.example.com", "*.cdn.example.net")))).get(source));
    private FakeUpstream upstream;
    private DnsProxy proxy;
    private DnsClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = FakeUpstream.answering()
                .with("api.example.com", DnsWire.A, Rr.a("api.example.com", "192.0.2.10", 120),
                        Rr.a("api.example.com", "192.0.2.11", 60))
                .with("api.example.com", DnsWire.AAAA, Rr.aaaa("api.example.com", "2001:db8::10", 0))
                .with("api.example.com", DnsWire.TXT, Rr.txt("api.example.com", "v=spf1 -all"))
                .with("a.cdn.example.net", DnsWire.A, Rr.a("a.cdn.example.net", "198.51.100.1", 300))
                .with("b.c.cdn.example.net", DnsWire.A, Rr.cname("b.c.cdn.example.net", "edge.example.org"),
                        Rr.a("edge.example.org", "203.0.113.7", 20))
                .with("rebind.cdn.example.net", DnsWire.A, Rr.a("rebind.cdn.example.net", "10.0.0.5", 60))
                .with("meta.cdn.example.net", DnsWire.A, Rr.a("meta.cdn.example.net", "198.51.100.2", 60),
                        Rr.a("meta.cdn.example.net", "169.254.169.254", 60))
                .with("many.cdn.example.net", DnsWire.A, Rr.a("many.cdn.example.net", "198.51.100.3", 60),
                        Rr.a("many.cdn.example.net", "198.51.100.4", 60),
                        Rr.a("many.cdn.example.net", "198.51.100.5", 60))
                .truncatedOverUdp("big.cdn.example.net", DnsWire.A, Rr.a("big.cdn.example.net", "203.0.113.9", 60));
        proxy = start(settings(upstream.address()));
        client = new DnsClient(CONTAINER, proxy.address());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        proxy.close();
        upstream.close();
    }

    @Test
    void anAllowedNameIsForwardedAndItsAddressesOpenedBeforeTheAnswerComes() throws Exception {
        admission.hold();
        client.send(DnsWire.query(0x0A0A, "API.example.com", DnsWire.A, true));
        admission.awaitCall();

        // while the addresses are not open, the container has no answer; a proxy that answered first fails here
        assertEquals(Optional.empty(), client.receive(200).map(DnsWire::answer));
        admission.release();
        DnsAnswer answer = DnsWire.answer(client.receive());

        assertEquals(0x0A0A, answer.header().id());
        assertEquals(0, answer.header().rcode());
        assertEquals(List.of(address("192.0.2.10"), address("192.0.2.11")),
                answer.addresses().stream().map(DnsAnswer.AddressRecord::address).toList());
        assertEquals(List.of(new Admitted("coi-c1", "api.example.com", List.of(address("192.0.2.10"),
                address("192.0.2.11")), Duration.ofSeconds(120 + 30))), admission.admitted());
        assertEquals(List.of("api.example.com/1/udp"), upstream.asked());
    }

    @Test
    void aTtlBelowTheFloorStillOpensForTheFloorPlusGrace() throws Exception {
        DnsAnswer answer = DnsWire.answer(client.ask(DnsWire.query(2, "api.example.com", DnsWire.AAAA, false)));

        assertEquals(1, answer.addresses().size());
        assertEquals(List.of(new Admitted("coi-c1", "api.example.com", List.of(address("2001:db8::10")),
                Duration.ofSeconds(5 + 30))), admission.admitted());
    }

    @Test
    void aWildcardAdmitsNamesBelowItAndNotItsDomain() throws Exception {
        DnsAnswer first = DnsWire.answer(client.ask(DnsWire.query(3, "a.cdn.example.net", DnsWire.A, false)));
        DnsAnswer second = DnsWire.answer(client.ask(DnsWire.query(4, "b.c.cdn.example.net", DnsWire.A, false)));
        byte[] domain = client.ask(DnsWire.query(5, "cdn.example.net", DnsWire.A, true));

        assertEquals(0, first.header().rcode());
        assertEquals(0, second.header().rcode());
        assertEquals(List.of(
                new Admitted("coi-c1", "a.cdn.example.net", List.of(address("198.51.100.1")), Duration.ofSeconds(330)),
                new Admitted("coi-c1", "b.c.cdn.example.net", List.of(address("203.0.113.7")),
                        Duration.ofSeconds(50))), admission.admitted());
        assertEquals(DnsReplies.REFUSED, DnsWire.answer(domain).header().rcode());
    }

    @Test
    void aNameNotAllowedIsRefusedForEveryTypeWithoutAskingUpstream() throws Exception {
        for (int type : new int[] {DnsWire.A, DnsWire.AAAA, DnsWire.TXT, DnsWire.HTTPS, DnsWire.CNAME}) {
            byte[] reply = client.ask(DnsWire.query(6, "Evil.example.org", type, true));

            DnsAnswer answer = DnsWire.answer(reply);
            assertEquals(DnsReplies.REFUSED, answer.header().rcode());
            assertEquals(type, answer.question().type());
            assertEquals(Optional.of(ExtendedError.prohibited(
                    "coi: evil.example.org is not in network.allowed_domains")), DnsWire.extendedError(reply));
        }
        byte[] plain = client.ask(DnsWire.query(7, "evil.example.org", DnsWire.A, false));

        assertEquals(DnsReplies.REFUSED, DnsWire.answer(plain).header().rcode());
        assertEquals(Optional.empty(), DnsWire.extendedError(plain));
        assertEquals(List.of(), upstream.asked());
        assertEquals(List.of(), admission.admitted());
    }

    @Test
    void aStrangerIsRefused() throws Exception {
        try (DnsClient stranger = new DnsClient(InetAddress.getByName("127.0.0.2"), proxy.address())) {
            byte[] reply = stranger.ask(DnsWire.query(8, "api.example.com", DnsWire.A, true));

            assertEquals(DnsReplies.REFUSED, DnsWire.answer(reply).header().rcode());
            assertTrue(DnsWire.extendedError(reply).orElseThrow().text().contains("only coi's filtered containers"));
        }
        assertEquals(List.of(), upstream.asked());
    }

    @Test
    void otherTypesOfAnAllowedNameAreForwardedAndOpenNothing() throws Exception {
        byte[] txt = client.ask(DnsWire.query(9, "api.example.com", DnsWire.TXT, false));
        byte[] missing = client.ask(DnsWire.query(10, "none.cdn.example.net", DnsWire.A, false));

        assertEquals(1, DnsWire.answer(txt).header().answers());
        assertEquals(DnsWire.NXDOMAIN, DnsWire.answer(missing).header().rcode());
        assertEquals(List.of(), admission.admitted());
    }

    @Test
    void anUpstreamThatDoesNotAnswerMakesWayForTheNextAndThenForServfail() throws Exception {
        try (FakeUpstream silent = FakeUpstream.silent();
                DnsProxy failing = start(settings(silent.address()));
                DnsProxy failingOver = start(settings(silent.address(), upstream.address()));
                DnsClient toFailing = new DnsClient(CONTAINER, failing.address());
                DnsClient toFailingOver = new DnsClient(CONTAINER, failingOver.address())) {
            byte[] servFail = toFailing.ask(DnsWire.query(11, "api.example.com", DnsWire.A, true));
            DnsAnswer answered = DnsWire.answer(toFailingOver.ask(DnsWire.query(12, "api.example.com", DnsWire.A,
                    false)));

            assertEquals(DnsReplies.SERVFAIL, DnsWire.answer(servFail).header().rcode());
            assertEquals(ExtendedError.NO_REACHABLE_AUTHORITY, DnsWire.extendedError(servFail).orElseThrow()
                    .infoCode());
            assertEquals(0, answered.header().rcode());
            assertEquals(2, answered.addresses().size());
            assertEquals(List.of("api.example.com/1/udp", "api.example.com/1/udp"), silent.asked());
        }
    }

    @Test
    void aResponseToAnotherQueryIsNotTaken() throws Exception {
        try (FakeUpstream liar = FakeUpstream.wrongId()
                .with("api.example.com", DnsWire.A, Rr.a("api.example.com", "192.0.2.66", 60));
                DnsProxy proxied = start(settings(liar.address()));
                DnsClient asking = new DnsClient(CONTAINER, proxied.address())) {
            byte[] reply = asking.ask(DnsWire.query(13, "api.example.com", DnsWire.A, false));

            assertEquals(DnsReplies.SERVFAIL, DnsWire.answer(reply).header().rcode());
            assertEquals(List.of("api.example.com/1/udp"), liar.asked());
        }
        assertEquals(List.of(), admission.admitted());
    }

    @Test
    void addressesThatCouldNotBeOpenedAreNotHandedOut() throws Exception {
        admission.fail();

        byte[] reply = client.ask(DnsWire.query(14, "api.example.com", DnsWire.A, true));

        DnsAnswer answer = DnsWire.answer(reply);
        assertEquals(DnsReplies.SERVFAIL, answer.header().rcode());
        assertEquals(List.of(), answer.addresses());
        assertTrue(DnsWire.extendedError(reply).orElseThrow().text().contains("could not open"));
    }

    @Test
    void anAnswerWithAnAddressTheGuardRefusesIsRefusedWhole() throws Exception {
        byte[] privateOnly = client.ask(DnsWire.query(15, "rebind.cdn.example.net", DnsWire.A, true));
        byte[] mixed = client.ask(DnsWire.query(16, "meta.cdn.example.net", DnsWire.A, true));

        assertEquals(DnsReplies.REFUSED, DnsWire.answer(privateOnly).header().rcode());
        assertEquals(List.of(), DnsWire.answer(privateOnly).addresses());
        assertEquals(ExtendedError.prohibited("coi: rebind.cdn.example.net resolved to 10.0.0.5, a private, local or"
                + " metadata address that coi does not open"), DnsWire.extendedError(privateOnly).orElseThrow());
        assertEquals(DnsReplies.REFUSED, DnsWire.answer(mixed).header().rcode());
        assertTrue(DnsWire.extendedError(mixed).orElseThrow().text().contains("169.254.169.254"));
        assertEquals(List.of(), admission.admitted());
    }

    @Test
    void anAnswerWithMoreAddressesThanTheBoundIsRefused() throws Exception {
        try (DnsProxy bounded = start(settings(upstream.address()).withLimits(new DnsProxyLimits(8, 4, 4, 2, 2)));
                DnsClient asking = new DnsClient(CONTAINER, bounded.address())) {
            byte[] reply = asking.ask(DnsWire.query(17, "many.cdn.example.net", DnsWire.A, true));

            assertEquals(DnsReplies.REFUSED, DnsWire.answer(reply).header().rcode());
            assertTrue(DnsWire.extendedError(reply).orElseThrow().text().contains("3 addresses"));
        }
        assertEquals(List.of(), admission.admitted());
    }

    @Test
    void overTcpSeveralQueriesShareAConnectionAndATruncatedAnswerIsAskedAgainOverTcp() throws Exception {
        List<byte[]> replies = DnsClient.askOverTcp(proxy.address(),
                DnsWire.query(18, "api.example.com", DnsWire.A, false),
                DnsWire.query(19, "big.cdn.example.net", DnsWire.A, false),
                DnsWire.query(20, "evil.example.org", DnsWire.A, false));

        assertEquals(2, DnsWire.answer(replies.get(0)).addresses().size());
        DnsAnswer big = DnsWire.answer(replies.get(1));
        assertEquals(List.of(address("203.0.113.9")), big.addresses().stream().map(DnsAnswer.AddressRecord::address)
                .toList());
        assertEquals(0, big.header().flags() & DnsHeader.TC);
        assertEquals(DnsReplies.REFUSED, DnsWire.answer(replies.get(2)).header().rcode());
        assertEquals(List.of("api.example.com/1/udp", "big.cdn.example.net/1/udp", "big.cdn.example.net/1/tcp"),
                upstream.asked());
        assertEquals(List.of("api.example.com", "big.cdn.example.net"),
                admission.admitted().stream().map(Admitted::name).toList());
    }

    @Test
    void aTruncatedAnswerGoesBackTruncatedOverUdp() throws Exception {
        DnsAnswer answer = DnsWire.answer(client.ask(DnsWire.query(21, "big.cdn.example.net", DnsWire.A, false)));

        assertEquals(DnsHeader.TC, answer.header().flags() & DnsHeader.TC);
        assertEquals(List.of("big.cdn.example.net/1/udp"), upstream.asked());
    }

    @Test
    void malformedMessagesDoNotStopTheProxy() throws Exception {
        byte[] loop = DnsWire.query(0x7777, "api.example.com", DnsWire.A, false);
        loop[12] = (byte) 0xC0;
        loop[13] = 12;

        client.send(new byte[] {1, 2, 3});
        client.send(DnsWire.response(DnsWire.query(22, "api.example.com", DnsWire.A, false), 0, List.of()));
        byte[] formErr = client.ask(loop);
        try (Socket tcp = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            new DataOutputStream(tcp.getOutputStream()).write(new byte[] {0, 40, 1, 2});
        }
        byte[] answered = client.ask(DnsWire.query(23, "api.example.com", DnsWire.A, false));
        List<byte[]> overTcp = DnsClient.askOverTcp(proxy.address(), DnsWire.query(24, "api.example.com",
                DnsWire.A, false));

        DnsHeader formErrHeader = DnsHeader.read(new WireReader(formErr, formErr.length));
        assertEquals(0x7777, formErrHeader.id());
        assertEquals(DnsReplies.FORMERR, formErrHeader.rcode());
        assertEquals(23, DnsWire.answer(answered).header().id());
        assertEquals(2, DnsWire.answer(answered).addresses().size());
        assertEquals(24, DnsWire.answer(overTcp.getFirst()).header().id());
    }

    @Test
    void aSourceWithAQueryInFlightUpToItsBoundHasFurtherQueriesDropped() throws Exception {
        try (DnsProxy bounded = start(settings(upstream.address()).withLimits(new DnsProxyLimits(8, 1, 4, 1, 32)));
                DnsClient asking = new DnsClient(CONTAINER, bounded.address());
                DnsClient stranger = new DnsClient(InetAddress.getByName("127.0.0.2"), bounded.address())) {
            admission.hold();
            asking.send(DnsWire.query(31, "api.example.com", DnsWire.A, false));
            admission.awaitCall();
            asking.send(DnsWire.query(32, "evil.example.org", DnsWire.A, false));
            // the proxy reads datagrams in order: once the stranger has its reply, query 32 has been dropped
            stranger.ask(DnsWire.query(33, "evil.example.org", DnsWire.A, false));
            admission.release();

            assertEquals(31, DnsWire.answer(asking.receive()).header().id());
            assertEquals(34, DnsWire.answer(asking.ask(DnsWire.query(34, "evil.example.org", DnsWire.A, false)))
                    .header().id());
        }
    }

    @Test
    void aSourceGetsNoMoreTcpConnectionsThanItsBound() throws Exception {
        try (DnsProxy bounded = start(settings(upstream.address()).withLimits(new DnsProxyLimits(8, 4, 4, 1, 32)));
                Socket first = new Socket(bounded.address().getAddress(), bounded.address().getPort());
                Socket second = new Socket(bounded.address().getAddress(), bounded.address().getPort())) {
            second.setSoTimeout(4000);

            assertTrue(closedByPeer(second), "the second connection stays open");
            DataOutputStream out = new DataOutputStream(first.getOutputStream());
            TcpFraming.write(out, DnsWire.query(35, "api.example.com", DnsWire.A, false));
            byte[] reply = TcpFraming.read(new DataInputStream(first.getInputStream())).orElseThrow();
            assertEquals(35, DnsWire.answer(reply).header().id());
        }
    }

    @Test
    void aUdpQueryLargerThan4096OctetsIsDropped() throws Exception {
        // a refusal would come at once, before the answer to the allowed name, which waits on the upstream
        client.send(Arrays.copyOf(DnsWire.query(36, "evil.example.org", DnsWire.A, false), 5000));
        client.send(DnsWire.query(37, "api.example.com", DnsWire.A, false));

        assertEquals(37, DnsWire.answer(client.receive()).header().id());
        assertEquals(DnsReplies.REFUSED, DnsWire.answer(client.ask(Arrays.copyOf(
                DnsWire.query(38, "evil.example.org", DnsWire.A, false), 4096))).header().rcode());
    }

    private DnsProxy start(DnsProxySettings settings) throws IOException {
        return DnsProxy.start(settings, clients, admission, PUBLIC_ONLY);
    }

    private static DnsProxySettings settings(InetSocketAddress... upstreams) {
        return DnsProxySettings.of(new InetSocketAddress(CONTAINER, 0), List.of(upstreams))
                .withUpstreamTimeout(Duration.ofMillis(300)).withLifetime(LIFETIME);
    }

    private static boolean closedByPeer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private static InetAddress address(String text) throws IOException {
        return InetAddress.getByName(text);
    }
}
