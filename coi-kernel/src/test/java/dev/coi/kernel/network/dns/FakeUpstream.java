package dev.coi.kernel.network.dns;

import dev.coi.kernel.network.dns.DnsWire.Rr;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An upstream DNS server on 127.0.0.1 (UDP and TCP on one port) that answers canned records; names it was not given
 * get NXDOMAIN, and a silent server answers nothing. It remembers the questions it was asked.
 */
final class FakeUpstream implements AutoCloseable {

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Mode mode;
    private final Map<String, List<Rr>> records = new ConcurrentHashMap<>();
    private final Map<String, Boolean> truncatedOverUdp = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    /** How it answers: as asked, never, or with another id than the query's. */
    private enum Mode { ANSWERING, SILENT, WRONG_ID }

    private FakeUpstream(Mode mode) throws IOException {
        this.mode = mode;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.tcp = new ServerSocket(udp.getLocalPort(), 8, loopback);
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
    }

    static FakeUpstream answering() throws IOException {
        return new FakeUpstream(Mode.ANSWERING);
    }

    static FakeUpstream silent() throws IOException {
        return new FakeUpstream(Mode.SILENT);
    }

    /** Answers as {@link #answering()} does, but under another id: no response to the query it was sent. */
    static FakeUpstream wrongId() throws IOException {
        return new FakeUpstream(Mode.WRONG_ID);
    }

    FakeUpstream with(String name, int type, Rr... answers) {
        records.put(key(name, type), List.of(answers));
        return this;
    }

    /** Over UDP the answer to this question is an empty, truncated one; over TCP the whole. */
    FakeUpstream truncatedOverUdp(String name, int type, Rr... answers) {
        truncatedOverUdp.put(key(name, type), true);
        return with(name, type, answers);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** The questions asked, as name/type/udp|tcp. */
    List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        threads.shutdownNow();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] query = Arrays.copyOf(buffer, packet.getLength());
                Optional<byte[]> reply = reply(query, false);
                if (reply.isPresent()) {
                    udp.send(new DatagramPacket(reply.get(), reply.get().length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                threads.execute(() -> converse(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            Optional<byte[]> query = TcpFraming.read(in);
            if (query.isPresent()) {
                Optional<byte[]> reply = reply(query.get(), true);
                if (reply.isPresent()) {
                    TcpFraming.write(out, reply.get());
                }
            }
        } catch (IOException e) {
            // the test's proxy went away
        }
    }

    private Optional<byte[]> reply(byte[] received, boolean overTcp) {
        byte[] query = received;
        DnsQuestion question = DnsWire.parse(query).question();
        String key = key(question.name(), question.type());
        asked.add(key + "/" + (overTcp ? "tcp" : "udp"));
        if (mode == Mode.SILENT) {
            return Optional.empty();
        }
        if (mode == Mode.WRONG_ID) {
            byte[] other = query.clone();
            other[0] ^= 1;
            query = other;
        }
        if (!overTcp && truncatedOverUdp.containsKey(key)) {
            return Optional.of(DnsWire.response(query, DnsHeader.TC, List.of()));
        }
        List<Rr> answers = records.get(key);
        return Optional.of(answers == null ? DnsWire.response(query, DnsWire.NXDOMAIN, List.of())
                : DnsWire.response(query, 0, answers));
    }

    private static String key(String name, int type) {
        return name + "/" + type;
    }
}
