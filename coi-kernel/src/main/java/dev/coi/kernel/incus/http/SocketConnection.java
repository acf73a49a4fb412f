package dev.coi.kernel.incus.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;

/** A connection over a network socket, whose own timeout bounds each read. */
final class SocketConnection implements Connection {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;

    SocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.input = new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE);
        this.output = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
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
    public void timeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
