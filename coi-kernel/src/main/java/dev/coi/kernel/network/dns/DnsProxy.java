package dev.coi.kernel.network.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The DNS server a filtered container's queries are redirected to (UDP and TCP): it answers only the names the
 * container may reach, and opens their addresses in the firewall before the container gets them.
 *
 * <p>The container is root and hostile, so everything it can make the proxy hold is bounded
 * ({@link DnsProxyLimits}): queries beyond the bounds are dropped, connections beyond them closed, and nothing is
 * logged per query. Each query and each TCP connection runs on a virtual thread of its own, as many as the bounds
 * let in.
 *
 * <p>What it does not stop: a wildcard lets the container ask for any name below the domain, and so send what it
 * puts into those names to the domain's DNS servers.
 */
public final class DnsProxy implements AutoCloseable {

    /** The largest UDP query taken: the EDNS buffer size clients commonly announce; larger ones are dropped. */
    private static final int MAX_UDP_QUERY = 4096;
    private static final int BACKLOG = 64;
    private static final int BIND_ATTEMPTS = 5;
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final QueryHandler handler;
    private final int idleMillis;
    private final Semaphore queries;
    private final SourceCounters queriesPerSource;
    private final Semaphore connections;
    private final SourceCounters connectionsPerSource;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    private DnsProxy(DatagramSocket udp, ServerSocket tcp, QueryHandler handler, DnsProxySettings settings) {
        this.udp = udp;
        this.tcp = tcp;
        this.handler = handler;
        this.idleMillis = Math.toIntExact(settings.idleTimeout().toMillis());
        DnsProxyLimits limits = settings.limits();
        this.queries = new Semaphore(limits.queriesInFlight());
        this.queriesPerSource = new SourceCounters(limits.queriesPerSource());
        this.connections = new Semaphore(limits.connections());
        this.connectionsPerSource = new SourceCounters(limits.connectionsPerSource());
    }

    /**
     * Binds the address of the settings, UDP and TCP on the same port, and serves until {@link #close()}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static DnsProxy start(DnsProxySettings settings, Clients clients, Admission admission,
            AddressGuard guard) throws IOException {
        QueryHandler handler = new QueryHandler(clients, admission, guard,
                new Upstream(settings.upstreams(), settings.upstreamTimeout()), settings.lifetime(),
                settings.limits().addressesPerAnswer());
        DnsProxy proxy = bind(settings, handler);
        proxy.threads.execute(proxy::serveUdp);
        proxy.threads.execute(proxy::serveTcp);
        return proxy;
    }

    /** The address and port it serves on, UDP and TCP. */
    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** Stops serving: closes the sockets and ends the queries in flight, whose clients then get no reply. */
    @Override
    public void close() {
        closed = true;
        udp.close();
        closeQuietly(tcp);
        open.forEach(DnsProxy::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With port 0, the free UDP port may be taken for TCP: then another free port is tried. */
    private static DnsProxy bind(DnsProxySettings settings, QueryHandler handler) throws IOException {
        InetSocketAddress listen = settings.listen();
        int attempts = listen.getPort() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(listen);
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), BACKLOG, listen.getAddress());
                return new DnsProxy(udp, tcp, handler, settings);
            } catch (BindException e) {
                udp.close();
                if (attempt == attempts) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                udp.close();
                throw e;
            }
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[MAX_UDP_QUERY + 1];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                continue;
            }
            InetAddress source = packet.getAddress();
            if (packet.getLength() > MAX_UDP_QUERY || !startQuery(source)) {
                continue;
            }
            byte[] data = Arrays.copyOf(buffer, packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                threads.execute(() -> {
                    Optional<byte[]> reply;
                    try {
                        reply = handler.answer(source, data, data.length, false);
                    } finally {
                        // before the reply leaves: a client asking again as soon as it has it must find its slot free
                        endQuery(source);
                    }
                    reply.ifPresent(bytes -> send(bytes, client));
                });
            } catch (RuntimeException e) {
                endQuery(source);
            }
        }
    }

    private void send(byte[] reply, SocketAddress client) {
        try {
            udp.send(new DatagramPacket(reply, reply.length, client));
        } catch (IOException e) {
            // the client is gone or the proxy closed: nobody to tell
        }
    }

    private void serveTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                continue;
            }
            InetAddress source = socket.getInetAddress();
            if (!connections.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            if (!connectionsPerSource.tryAcquire(source)) {
                connections.release();
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                threads.execute(() -> converse(socket, source));
            } catch (RuntimeException e) {
                endConnection(socket, source);
            }
        }
    }

    /** One query after the other, until the client closes, stays idle too long, or sends what is no query. */
    private void converse(Socket socket, InetAddress source) {
        try {
            if (closed) {
                return;
            }
            socket.setSoTimeout(idleMillis);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                Optional<byte[]> message = TcpFraming.read(in);
                if (message.isEmpty() || !startQuery(source)) {
                    return;
                }
                Optional<byte[]> reply;
                try {
                    reply = handler.answer(source, message.get(), message.get().length, true);
                } finally {
                    endQuery(source);
                }
                if (reply.isEmpty()) {
                    return;
                }
                TcpFraming.write(out, reply.get());
            }
        } catch (IOException e) {
            // idle too long, reset, or a message cut short: the connection ends
        } finally {
            endConnection(socket, source);
        }
    }

    private boolean startQuery(InetAddress source) {
        if (!queries.tryAcquire()) {
            return false;
        }
        if (!queriesPerSource.tryAcquire(source)) {
            queries.release();
            return false;
        }
        return true;
    }

    private void endQuery(InetAddress source) {
        queriesPerSource.release(source);
        queries.release();
    }

    private void endConnection(Socket socket, InetAddress source) {
        open.remove(socket);
        closeQuietly(socket);
        connectionsPerSource.release(source);
        connections.release();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that is left to do
        }
    }
}
