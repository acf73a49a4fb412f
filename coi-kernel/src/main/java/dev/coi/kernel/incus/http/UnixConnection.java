package dev.coi.kernel.incus.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One stream connection to a unix socket with buffered input and output. The channel is non-blocking and
 * every read, write or connect waits on a selector, because a unix-domain {@link SocketChannel} has no
 * socket timeout of its own: each wait gives up after {@link #timeout(Duration) the current timeout}.
 * Not thread-safe: a connection carries one request and its response.
 */
final class UnixConnection implements Connection {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Input input = new Input();
    private final Output output = new Output();
    private long timeoutNanos;

    private UnixConnection(SocketChannel channel, Selector selector, Duration timeout) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
        timeout(timeout);
    }

    /**
     * Connects to the socket file.
     *
     * @param socket the socket file
     * @param timeout how long the connect and, later, each read or write may wait
     * @return the connection
     * @throws IOException when the connect fails, for example because the file is missing (ENOENT),
     *                     nobody listens (ECONNREFUSED) or the caller lacks write permission (EACCES)
     */
    static UnixConnection open(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            UnixConnection connection = new UnixConnection(channel, selector, timeout);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                connection.await(SelectionKey.OP_CONNECT, System.nanoTime() + connection.timeoutNanos);
                channel.finishConnect();
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    @Override
    public void timeout(Duration timeout) {
        timeoutNanos = timeout.toNanos();
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }

    private void await(int operation, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no answer on the unix socket within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        }
        key.interestOps(operation);
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    private final class Input extends InputStream {

        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();

        @Override
        public int read() throws IOException {
            return fill() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int count = Math.min(length, buffer.remaining());
            buffer.get(bytes, offset, count);
            return count;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }

        /** Makes sure the buffer holds at least one byte; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (buffer.hasRemaining()) {
                return true;
            }
            buffer.clear();
            try {
                long deadline = System.nanoTime() + timeoutNanos;
                while (true) {
                    int count = channel.read(buffer);
                    if (count < 0) {
                        return false;
                    }
                    if (count > 0) {
                        return true;
                    }
                    await(SelectionKey.OP_READ, deadline);
                }
            } finally {
                buffer.flip();
            }
        }
    }

    private final class Output extends OutputStream {

        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int count = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, count);
                offset += count;
                length -= count;
            }
        }

        @Override
        public void flush() throws IOException {
            buffer.flip();
            try {
                long deadline = System.nanoTime() + timeoutNanos;
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        await(SelectionKey.OP_WRITE, deadline);
                    }
                }
            } finally {
                buffer.clear();
            }
        }
    }
}
