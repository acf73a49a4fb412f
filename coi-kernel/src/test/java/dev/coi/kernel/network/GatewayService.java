package dev.coi.kernel.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A service on the host itself, bound to the bridge's gateway address (e.g. a dev server or a local model the
 * sandboxed tool is meant to use): a minimal HTTP/1.0 server in the test JVM that answers its name to any
 * request. Restricted mode keeps it reachable, since the host is the gateway.
 */
public final class GatewayService implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final ServerSocket socket;
    private final String name;
    private final Thread acceptor;

    private GatewayService(ServerSocket socket, String name) {
        this.socket = socket;
        this.name = name;
        this.acceptor = Thread.ofVirtual().name("gateway-service").start(this::serve);
    }

    /**
     * Starts the service on a free port of the default profile's bridge address.
     *
     * @return the running service; close it
     */
    public static GatewayService start() {
        IncusBridge bridge = IncusBridge.ofDefaultProfile();
        String name = "coi-gateway-service-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            return new GatewayService(new ServerSocket(0, 50, InetAddress.getByName(bridge.gateway())), name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve on the gateway address " + bridge.gateway(), e);
        }
    }

    /** @return what the service answers */
    public String name() {
        return name;
    }

    /** @return {@code http://<gateway>:<port>/} */
    public String url() {
        return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + "/";
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("gateway service: " + e.getMessage());
                }
            }
        }
    }

    private void answer(Socket client) {
        try (client) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            BufferedReader request = new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = request.readLine();
            while (line != null && !line.isEmpty()) {
                line = request.readLine();
            }
            byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
            client.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().write(body);
        } catch (IOException e) {
            System.err.println("gateway service: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
