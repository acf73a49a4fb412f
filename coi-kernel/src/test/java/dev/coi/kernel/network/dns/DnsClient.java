package dev.coi.kernel.network.dns;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A container's resolver as the tests play it: queries over UDP from a given loopback address, or over TCP. */
final class DnsClient implements AutoCloseable {

    /** Long enough for any reply the proxy sends; a test that waits this long has failed. */
    private static final int REPLY_TIMEOUT_MILLIS = 4000;

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    DnsClient(InetAddress source, InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(source, 0));
        this.server = server;
    }

    void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, server));
    }

    byte[] receive() throws IOException {
        return receive(REPLY_TIMEOUT_MILLIS).orElseThrow(() -> new AssertionError("no reply from the proxy"));
    }

    /** @return empty when no reply came within the time */
    Optional<byte[]> receive(int millis) throws IOException {
        socket.setSoTimeout(millis);
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(buffer, packet.getLength()));
    }

    byte[] ask(byte[] query) throws IOException {
        send(query);
        return receive();
    }

    /** The replies to the queries, asked one after the other on one TCP connection. */
    static List<byte[]> askOverTcp(InetSocketAddress server, byte[]... queries) throws IOException {
        try (Socket tcp = new Socket()) {
            tcp.connect(server, REPLY_TIMEOUT_MILLIS);
            tcp.setSoTimeout(REPLY_TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
            DataInputStream in = new DataInputStream(new BufferedInputStream(tcp.getInputStream()));
            List<byte[]> replies = new ArrayList<>();
            for (byte[] query : queries) {
                TcpFraming.write(out, query);
                replies.add(TcpFraming.read(in).orElseThrow(() -> new AssertionError("connection closed")));
            }
            return replies;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
