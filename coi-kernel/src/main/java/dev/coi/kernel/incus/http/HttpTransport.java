package dev.coi.kernel.incus.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal HTTP/1.1 client for one server: requests carry a {@code Content-Length} body or none; responses may use
 * {@code Content-Length} or chunked coding. Every request has a connection of its own, closed with its response.
 * Safe for use by several threads.
 */
public abstract sealed class HttpTransport permits UnixSocketHttp, TlsHttp {

    private final Duration timeout;

    HttpTransport(Duration timeout) {
        this.timeout = timeout;
    }

    public final HttpResponse send(HttpRequest request) throws IOException {
        return send(request, timeout);
    }

    /**
     * Sends a request and reads the response head. The caller must close the response.
     *
     * @param request the request
     * @param readTimeout how long each read of the response may wait, e.g. longer for a server-side wait
     * @return the response
     * @throws ConnectFailure when no connection can be made
     * @throws IOException when the connection fails or times out afterwards
     */
    public final HttpResponse send(HttpRequest request, Duration readTimeout) throws IOException {
        Connection connection = connect(timeout);
        try {
            write(request, connection.output());
            connection.timeout(readTimeout);
            return HttpResponse.read(connection, request.method().equals("HEAD"));
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A new connection; a failure to make it is a {@link ConnectFailure}. */
    abstract Connection connect(Duration connectTimeout) throws ConnectFailure;

    /** The value of the {@code Host} header field. */
    abstract String host();

    private void write(HttpRequest request, OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host()).append("\r\n")
                .append("User-Agent: coi\r\n")
                .append("Connection: close\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        long length = request.body().length();
        if (length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (length > 0) {
            try (InputStream body = request.body().open()) {
                long copied = body.transferTo(out);
                if (copied != length) {
                    throw new IOException("the request body changed while it was sent: " + copied + " bytes instead of "
                            + length);
                }
            }
        }
        out.flush();
    }
}
