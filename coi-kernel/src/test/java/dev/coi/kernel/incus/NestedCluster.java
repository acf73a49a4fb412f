package dev.coi.kernel.incus;

import dev.coi.kernel.testing.IncusCommandLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import org.opentest4j.TestAbortedException;

/**
 * A one-member Incus cluster ({@value #MEMBER}) for tests, made without touching this machine's daemon's settings:
 * a second Incus daemon runs in a container of this machine's daemon ({@code security.nesting}), from this machine's
 * own {@code /usr} mounted read-only into an image that is little more than links to it, so nothing is installed or
 * downloaded. The container has no network card, so nothing in it can send a packet anywhere; this machine reaches
 * its daemon's HTTPS port through a proxy device on a free loopback port, with a client certificate the fixture made
 * and the member trusts, as a remote ({@value #REMOTE}) of an incus configuration folder of the fixture's own
 * ({@code INCUS_CONF}). Closing it deletes the container and its image.
 *
 * <p>Where the member cannot come up (no idmapped mounts to show {@code /usr} to the container's root, no nesting),
 * {@link #open} aborts the test with the reason, as JUnit's assumptions do.
 */
public final class NestedCluster implements AutoCloseable {

    /** The remote's name in the fixture's incus configuration. */
    public static final String REMOTE = "coi-it-cluster";
    /** The cluster's only member. */
    public static final String MEMBER = "member1";

    private static final Duration DAEMON_START = Duration.ofSeconds(30);
    private static final String INIT = """
            #!/bin/sh
            # PID 1 of the cluster member: Incus from the host's /usr, on loopback only
            export PATH=/usr/sbin:/usr/bin
            ip link set lo up
            mount -t tmpfs tmpfs /run
            mkdir -p /run/incus /var/cache/incus /var/lib/incus /var/log/incus
            /usr/libexec/incus/incusd --logfile /var/log/incus/incusd.log >/var/log/incus/out.log 2>&1 &
            trap 'exit 0' PWR TERM INT
            while :; do sleep 1 & wait $!; done
            """;
    private static final String PRESEED = """
            config:
              core.https_address: 127.0.0.1:8443
            storage_pools:
            - name: default
              driver: dir
            profiles:
            - name: default
              devices:
                root:
                  path: /
                  pool: default
                  type: disk
            cluster:
              server_name: %s
              enabled: true
            """.formatted(MEMBER);

    private final String container;
    private final String imageAlias;
    private final Path configDir;

    private NestedCluster(String container, String imageAlias, Path configDir) {
        this.container = container;
        this.imageAlias = imageAlias;
        this.configDir = configDir;
    }

    /**
     * Makes the member and the remote.
     *
     * @param folder where the image and the configuration folder go
     * @param namePrefix the container's name prefix, e.g. {@code coi-it-}, so that test clean-ups know it
     * @return the fixture
     * @throws TestAbortedException when this machine cannot run a nested Incus
     */
    public static NestedCluster open(Path folder, String namePrefix) {
        IncusClient local = IncusClient.local(null);
        if (!local.server().environment().idmappedMounts()) {
            throw new TestAbortedException("no nested Incus cluster here: the kernel has no idmapped mounts, which"
                    + " show this machine's /usr to the member container's root as root's");
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        NestedCluster cluster = new NestedCluster(namePrefix + "cluster-" + suffix, "coi-it-cluster-" + suffix,
                folder.resolve("incus-cluster"));
        try {
            cluster.start(folder, local);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void start(Path folder, IncusClient local) {
        try {
            incus(Map.of(), "image", "import", memberImage(folder).toString(), "--alias", imageAlias);
            Files.createDirectories(configDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String pool = local.profileDevices("default").orElse(Map.of()).getOrDefault("root", Map.of())
                .getOrDefault("pool", "default");
        incus(Map.of(), "init", imageAlias, container, "--no-profiles", "--storage", pool,
                "--config", "security.nesting=true");
        incus(Map.of(), "config", "device", "add", container, "usr", "disk", "source=/usr", "path=/usr",
                "readonly=true", "shift=true");
        int port = freePort();
        incus(Map.of(), "config", "device", "add", container, "https", "proxy", "listen=tcp:127.0.0.1:" + port,
                "connect=tcp:127.0.0.1:8443", "bind=host");
        incus(Map.of(), "start", container);
        awaitDaemon();
        inMember("sh", "-c", "printf '%s' '" + PRESEED + "' | incus admin init --preseed");
        incus(Map.of("INCUS_CONF", configDir.toString()), "remote", "generate-certificate");
        incus(Map.of(), "file", "push", configDir.resolve("client.crt").toString(), container + "/tmp/client.crt");
        inMember("incus", "config", "trust", "add-certificate", "/tmp/client.crt");
        incus(Map.of("INCUS_CONF", configDir.toString()), "remote", "add", REMOTE, "https://127.0.0.1:" + port,
                "--accept-certificate");
    }

    /** The member's daemon answers on its socket once it has started; a log tail says why when it never does. */
    private void awaitDaemon() {
        long deadline = System.nanoTime() + DAEMON_START.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                inMember("incus", "info");
                return;
            } catch (IllegalStateException notYet) {
                sleep();
            }
        }
        String log;
        try {
            log = inMember("tail", "-n", "20", "/var/log/incus/incusd.log");
        } catch (IllegalStateException e) {
            log = e.getMessage();
        }
        throw new TestAbortedException("no nested Incus cluster here: the member's incusd did not answer within "
                + DAEMON_START.toSeconds() + " s; its log ends: " + log);
    }

    /** The variables that point the incus command line, and coi, at the fixture's configuration. */
    public Map<String, String> environment() {
        return Map.of("INCUS_CONF", configDir.toString());
    }

    /**
     * Imports an image tarball into the cluster.
     *
     * @param tarball a unified image tarball
     * @param alias the alias to give it there
     */
    public void importImage(Path tarball, String alias) {
        incus(environment(), "image", "import", tarball.toString(), REMOTE + ":", "--alias", alias);
    }

    /**
     * The incus command line against the cluster, as a user would run it.
     *
     * @param arguments e.g. {@code list}; name remote objects as {@code coi-it-cluster:NAME}
     * @return its output
     */
    public String incus(String... arguments) {
        return incus(environment(), arguments);
    }

    @Override
    public void close() {
        for (List<String> command : List.of(List.of("delete", "--force", container),
                List.of("image", "delete", imageAlias))) {
            try {
                incus(Map.of(), command.toArray(String[]::new));
            } catch (IllegalStateException e) {
                // not made, or gone already
            }
        }
    }

    private String inMember(String... command) {
        List<String> all = new ArrayList<>(List.of("exec", container, "--"));
        all.addAll(List.of(command));
        return incus(Map.of(), all.toArray(String[]::new));
    }

    /** The member's image: links to the host's /usr (mounted over the image's), an /sbin/init, and empty folders. */
    private static Path memberImage(Path folder) throws IOException {
        Path tarball = folder.resolve("cluster-member.tar.gz");
        long now = System.currentTimeMillis() / 1000;
        try (TarWriter tar = new TarWriter(new GZIPOutputStream(Files.newOutputStream(tarball)), now)) {
            tar.file("metadata.yaml", 0644, 0, 0, ("architecture: " + System.getProperty("os.arch")
                    .replace("amd64", "x86_64") + "\ncreation_date: " + now
                    + "\nproperties:\n  description: coi test cluster member\n").getBytes(StandardCharsets.UTF_8));
            tar.directory("rootfs", 0755, 0, 0);
            for (String name : List.of("usr", "sbin", "etc", "dev", "proc", "sys", "run", "root", "var", "var/lib",
                    "var/log", "var/cache")) {
                tar.directory("rootfs/" + name, 0755, 0, 0);
            }
            tar.directory("rootfs/tmp", 01777, 0, 0);
            for (String name : List.of("bin", "lib", "lib64")) {
                tar.symlink("rootfs/" + name, "usr/" + name);
            }
            tar.file("rootfs/sbin/init", 0755, 0, 0, INIT.getBytes(StandardCharsets.UTF_8));
            tar.file("rootfs/etc/passwd", 0644, 0, 0, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            tar.file("rootfs/etc/group", 0644, 0, 0, "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
            tar.file("rootfs/etc/hosts", 0644, 0, 0, "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8));
        }
        return tarball;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the incus command line against this machine's daemon, or with a configuration folder of the fixture's. */
    private static String incus(Map<String, String> environment, String... arguments) {
        return IncusCommandLine.run(Duration.ofSeconds(120), environment, arguments);
    }
}
