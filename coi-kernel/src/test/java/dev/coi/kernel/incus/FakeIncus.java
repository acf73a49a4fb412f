package dev.coi.kernel.incus;

import dev.coi.kernel.incus.http.HttpLines;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny HTTP/1.1 server on a unix socket that answers with canned bytes, for testing the client without a
 * daemon. It records every request and counts connections, and can split its answers into small writes
 * with pauses to provoke partial reads.
 */
final class FakeIncus implements AutoCloseable {

    /** A request as the fake read it. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * What the fake sends back.
     *
     * @param bytes the raw response, head and body
     * @param closeAfter whether to close the connection after sending it
     * @param splitSize the size of the separate writes, 0 for one write
     * @param delayMillis the pause before each write
     */
    record Reply(byte[] bytes, boolean closeAfter, int splitSize, long delayMillis) {

        static Reply raw(String text) {
            return new Reply(text.getBytes(StandardCharsets.UTF_8), false, 0, 0);
        }

        /** A response with a {@code Content-Length} body. */
        static Reply of(int status, String contentType, byte[] body, String... extraHeaders) {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
            head.append("Content-Type: ").append(contentType).append("\r\n");
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return new Reply(out.toByteArray(), false, 0, 0);
        }

        static Reply json(int status, String json) {
            return of(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /** A chunked response, with a chunk extension and a trailer to show they are skipped. */
        static Reply chunked(int status, String json, int chunkSize) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < body.length; i += chunkSize) {
                int size = Math.min(chunkSize, body.length - i);
                out.append(Integer.toHexString(size)).append(i == 0 ? ";name=value" : "").append("\r\n")
                        .append(new String(body, i, size, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            out.append("0\r\nX-Trailer: ignored\r\n\r\n");
            return new Reply(out.toString().getBytes(StandardCharsets.ISO_8859_1), false, 0, 0);
        }

        Reply split(int size, long delay) {
            return new Reply(bytes, closeAfter, size, delay);
        }

        Reply thenClose() {
            return new Reply(bytes, true, splitSize, delayMillis);
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 202 -> "Accepted";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                default -> "Status";
            };
        }
    }

    private final ServerSocketChannel server;
    private final Function<Request, Reply> handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    FakeIncus(Path socket, Function<Request, Reply> handler) throws IOException {
        this.handler = handler;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    int connections() {
        return connections.get();
    }

    /** Closes every open connection from the server side, as a restarting daemon would. */
    void dropConnections() throws IOException {
        for (SocketChannel channel : open) {
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            // the socket is closed for good only once the accept blocked on it has returned: until then a client
            // could still connect, and be served
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropConnections();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                connections.incrementAndGet();
                open.add(channel);
                Thread.ofVirtual().start(() -> serve(channel));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = Channels.newInputStream(channel);
            while (true) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Reply reply = handler.apply(request);
                write(channel, reply);
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            open.remove(channel);
        }
    }

    private static void write(SocketChannel channel, Reply reply) throws IOException, InterruptedException {
        int step = reply.splitSize() > 0 ? reply.splitSize() : reply.bytes().length;
        for (int i = 0; i < reply.bytes().length; i += step) {
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            ByteBuffer buffer = ByteBuffer.wrap(reply.bytes(), i, Math.min(step, reply.bytes().length - i));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine;
        try {
            requestLine = HttpLines.read(in);
        } catch (EOFException e) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = HttpLines.read(in); !line.isEmpty(); line = HttpLines.read(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        return new Request(parts[0], parts[1], headers, in.readNBytes(length));
    }
}
