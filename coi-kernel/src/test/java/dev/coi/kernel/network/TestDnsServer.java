package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DNS server of the test's own: dnsmasq on the host's loopback at a free port, answering A queries for the names
 * the test gives, with a TTL of one second, from a hosts file it reads again on SIGHUP, and asking no one else. It
 * logs every query, so a test can tell which names reached it.
 */
final class TestDnsServer implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(10);

    private final Path folder;
    private final int port;
    private final Process process;
    private final Map<String, String> answers = new LinkedHashMap<>();

    private TestDnsServer(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    static TestDnsServer start(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("hosts"), "");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--keep-in-foreground",
                "--conf-file=/dev/null", "--pid-file=", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--addn-hosts=" + folder.resolve("hosts"),
                "--local-ttl=1", "--log-queries", "--log-facility=" + folder.resolve("queries.log")));
        if ("root".equals(System.getProperty("user.name"))) {
            // as root dnsmasq would become nobody, who cannot read the test's folder
            command.add("--user=root");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("dnsmasq.out").toFile()).start();
        TestDnsServer server = new TestDnsServer(folder, port, process);
        long deadline = System.nanoTime() + START.toNanos();
        while (!server.logged("started")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("dnsmasq did not start: " + read(folder.resolve("dnsmasq.out"))
                        + read(folder.resolve("queries.log")));
            }
            Thread.sleep(50);
        }
        return server;
    }

    /** Where coi's resolver finds it: {@code 127.0.0.1:port}. */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** From now on the name resolves to this address (and only to it). */
    void answer(String name, String address) {
        answers.put(name, address);
        StringBuilder hosts = new StringBuilder();
        answers.forEach((each, to) -> hosts.append(to).append(' ').append(each).append('\n'));
        try {
            Files.writeString(folder.resolve("hosts"), hosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long readsBefore = hostsReads();
        HostCommand.run("kill", "-HUP", String.valueOf(process.pid()));
        Waiting.until(START, () -> hostsReads() > readsBefore,
                () -> "dnsmasq did not read its hosts file again: " + read(folder.resolve("queries.log")));
    }

    /** The queries for the name that reached this server, one log line each. */
    List<String> askedFor(String name) {
        return read(folder.resolve("queries.log")).lines().filter(line -> line.contains("query[")
                && line.contains(" " + name + " from ")).toList();
    }

    @Override
    public void close() {
        process.destroy();
    }

    private long hostsReads() {
        String line = "read " + folder.resolve("hosts") + " - ";
        return read(folder.resolve("queries.log")).lines().filter(each -> each.contains(line)).count();
    }

    private boolean logged(String text) {
        return read(folder.resolve("queries.log")).contains(text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
