package dev.coi.kernel.incus.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTPS to one server with the JDK's TLS: a client certificate and the server's trust come with the
 * {@link SSLContext}. The handshake is part of the connect, so that a server or certificate that is refused is a
 * {@link ConnectFailure}, not a lost request.
 */
public final class TlsHttp extends HttpTransport {

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final boolean checkHostName;

    /**
     * Creates the client; nothing is connected yet.
     *
     * @param host the server's name or address
     * @param port its port
     * @param tls the client's key and what it trusts
     * @param checkHostName whether the server's certificate must name {@code host}: not when it is pinned, as the
     *                      incus command line pins a server's self-signed certificate, whatever it names
     * @param timeout the default for how long a connect, read or write may wait
     */
    public TlsHttp(String host, int port, SSLContext tls, boolean checkHostName, Duration timeout) {
        super(timeout);
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.checkHostName = checkHostName;
    }

    @Override
    Connection connect(Duration connectTimeout) throws ConnectFailure {
        Socket plain = new Socket();
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            if (checkHostName) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            return new SocketConnection(socket);
        } catch (IOException e) {
            try {
                plain.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new ConnectFailure("https://" + host(), e);
        }
    }

    @Override
    String host() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
