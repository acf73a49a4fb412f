package dev.coi.kernel.network.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Asks the upstream servers a query, unchanged, and takes only a response to that very query. */
final class Upstream {

    private static final int MAX_UDP = 65_535;

    private final List<InetSocketAddress> servers;
    private final int timeoutMillis;

    Upstream(List<InetSocketAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /**
     * A response and its octets.
     *
     * @param wire exactly what the server sent, relayed as it is
     */
    record Response(byte[] wire, DnsAnswer answer) {
    }

    /**
     * The first server's response to the query, over UDP; when it is truncated and the client asked over TCP,
     * the same server's response over TCP.
     *
     * @return empty when no server answered in time
     */
    Optional<Response> ask(DnsQuery query, boolean overTcp) {
        for (InetSocketAddress server : servers) {
            try {
                Optional<Response> response = overUdp(server, query);
                if (response.isPresent() && response.get().answer().header().truncated() && overTcp) {
                    response = overTcp(server, query);
                }
                if (response.isPresent()) {
                    return response;
                }
            } catch (IOException e) {
                // this server is unreachable or did not answer in time: the next one may
            }
        }
        return Optional.empty();
    }

    /** A fresh socket, so a random source port, for each query; datagrams that are not the response are ignored. */
    private Optional<Response> overUdp(InetSocketAddress server, DnsQuery query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.send(new DatagramPacket(query.wire(), query.wire().length));
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            byte[] buffer = new byte[MAX_UDP];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Optional<Response> response = matching(query, buffer, packet.getLength());
                if (response.isPresent()) {
                    return response;
                }
            }
        }
    }

    private Optional<Response> overTcp(InetSocketAddress server, DnsQuery query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            TcpFraming.write(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), query.wire());
            Optional<byte[]> message = TcpFraming.read(new DataInputStream(new BufferedInputStream(
                    socket.getInputStream())));
            return message.isEmpty() ? Optional.empty() : matching(query, message.get(), message.get().length);
        }
    }

    private static Optional<Response> matching(DnsQuery query, byte[] data, int length) {
        try {
            DnsAnswer answer = DnsAnswer.parse(data, length);
            if (answer.header().id() != query.id() || !answer.question().sameAs(query.question())) {
                return Optional.empty();
            }
            return Optional.of(new Response(Arrays.copyOf(data, length), answer));
        } catch (DnsFormatException e) {
            return Optional.empty();
        }
    }
}
