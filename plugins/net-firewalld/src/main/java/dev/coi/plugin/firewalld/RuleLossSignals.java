package dev.coi.plugin.firewalld;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Hears on the system D-Bus when firewalld dropped its runtime rules, coi's among them: its {@code Reloaded} signal
 * after a reload, and a new owner of its bus name after a restart. It speaks just enough D-Bus to subscribe to
 * these signals (EXTERNAL authentication, Hello, AddMatch), with no library and no helper process; between
 * signals it waits in a blocked read, which costs nothing. Lost connections are made again; every connection
 * counts as a loss, since signals may have been missed meanwhile.
 */
final class RuleLossSignals implements AutoCloseable {

    static final List<String> MATCHES = List.of(
            "type='signal',interface='org.fedoraproject.FirewallD1',member='Reloaded'",
            "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',"
                    + "arg0='org.fedoraproject.FirewallD1'");
    private static final Set<String> LOSSES = Set.of("Reloaded", "NameOwnerChanged");
    private static final Path DEFAULT_BUS = Path.of("/run/dbus/system_bus_socket");
    private static final String BUS = "org.freedesktop.DBus";
    private static final Duration RECONNECT = Duration.ofSeconds(10);

    private final Path socket;
    private final List<String> matches;
    private final Set<String> losses;
    private final Runnable lost;
    private final Duration reconnect;
    private final Thread thread;
    private volatile boolean closed;
    private volatile SocketChannel channel;

    /**
     * @param matches the match rules to subscribe with
     * @param losses the members of the signals that tell of a loss
     */
    RuleLossSignals(Path socket, List<String> matches, Set<String> losses, Runnable lost, Duration reconnect) {
        this.socket = socket;
        this.matches = List.copyOf(matches);
        this.losses = Set.copyOf(losses);
        this.lost = lost;
        this.reconnect = reconnect;
        this.thread = Thread.ofPlatform().daemon().name("coi-firewalld-signals").unstarted(this::listen);
    }

    /** Listens on the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} when it names a socket path). */
    static RuleLossSignals onSystemBus(Runnable lost) {
        RuleLossSignals signals = new RuleLossSignals(systemBus(System.getenv("DBUS_SYSTEM_BUS_ADDRESS")), MATCHES,
                LOSSES, lost, RECONNECT);
        signals.start();
        return signals;
    }

    void start() {
        thread.start();
    }

    /** The socket of a bus address such as {@code unix:path=/run/dbus/system_bus_socket}, else the usual one. */
    static Path systemBus(String address) {
        if (address != null) {
            for (String candidate : address.split(";")) {
                if (candidate.startsWith("unix:")) {
                    for (String key : candidate.substring("unix:".length()).split(",")) {
                        if (key.startsWith("path=")) {
                            return Path.of(key.substring("path=".length()));
                        }
                    }
                }
            }
        }
        return DEFAULT_BUS;
    }

    private void listen() {
        while (!closed) {
            try (SocketChannel connected = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel = connected;
                connected.connect(UnixDomainSocketAddress.of(socket));
                DataInputStream in = new DataInputStream(Channels.newInputStream(connected));
                subscribe(connected, in);
                lost.run();
                while (!closed) {
                    BusMessage message = BusMessage.read(in);
                    if (message.type() == BusMessage.SIGNAL && message.member().filter(losses::contains).isPresent()) {
                        lost.run();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no bus, or it went away: the periodic check covers the time until the next connection
            }
            pause();
        }
    }

    private void subscribe(SocketChannel connected, InputStream in) throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        send(connected, "\0AUTH EXTERNAL " + HexFormat.of().formatHex(Integer.toString(uid)
                .getBytes(StandardCharsets.US_ASCII)) + "\r\n");
        String answer = line(in);
        if (!answer.startsWith("OK ")) {
            throw new IOException("the bus refused the authentication: " + answer);
        }
        send(connected, "BEGIN\r\n");
        int serial = 1;
        write(connected, BusMessage.write(BusMessage.METHOD_CALL, serial++, "/org/freedesktop/DBus", BUS, "Hello", BUS,
                null));
        for (String match : matches) {
            write(connected, BusMessage.write(BusMessage.METHOD_CALL, serial++, "/org/freedesktop/DBus", BUS,
                    "AddMatch", BUS, match));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0 || line.length() > 512) {
                throw new IOException("the bus ended the authentication");
            }
            line.append((char) next);
        }
        return line.toString().strip();
    }

    private static void send(SocketChannel connected, String text) throws IOException {
        write(connected, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(SocketChannel connected, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            connected.write(buffer);
        }
    }

    private void pause() {
        try {
            Thread.sleep(reconnect.toMillis());
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        SocketChannel current = channel;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // closing is all that is asked; the thread ends either way
            }
        }
    }
}
