package dev.coi.kernel.incus;

import dev.coi.kernel.base.LocalTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The tiny image integration tests run containers from, built without any network from the host's static
 * busybox (Debian's {@code busybox-static}: {@code apt-get install -y busybox-static}).
 *
 * <p>The rootfs has {@code /bin/busybox} with links for the usual commands, an {@code /sbin/init} shell loop
 * that exits on SIGPWR (so a graceful stop is quick), {@code /etc/passwd} and {@code /etc/group} with
 * {@code root} and {@code code} (1000:1000, home {@code /home/code} owned by it), {@code /tmp} (1777) and
 * {@code /workspace} (owned by code). The tarball is the same byte for byte on every build from the same
 * busybox, so its fingerprint is too.
 *
 * <p>Use: {@code TestImage.alias(client)} or {@code TestImage.fingerprint(client)}, then create instances
 * from it, or let {@link TestInstances#launch()} do it. Once per JVM the tarball is built and its
 * fingerprint checked: the image is imported through the client and given the alias {@value #ALIAS} when
 * missing, and the alias is moved when this code (or busybox) changed. The image stays in Incus's image store
 * between runs, shared by all test runs on the machine; concurrent runs are fine. Images left behind by
 * older versions of this class can be deleted by hand ({@code incus image list}, properties
 * {@code os=busybox}).
 */
public final class TestImage {

    /** The alias the image is found under. */
    public static final String ALIAS = "coi-test-busybox";

    private static final String DESCRIPTION = "coi test image (busybox)";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final long BUILD_TIME = 1_767_225_600L; // 2026-01-01, fixed for a stable fingerprint
    private static final List<String> COMMANDS = List.of("sh", "sleep", "cat", "echo", "ls", "id", "mkdir",
            "env", "true", "false", "pwd", "chmod", "chown", "stat", "rm", "touch", "printf", "test", "head", "wc",
            "sha256sum", "find", "readlink", "dd", "uname");
    private static final String INIT = """
            #!/bin/sh
            trap 'exit 0' PWR TERM INT
            while :; do sleep 1 & wait $!; done
            """;

    private static String fingerprint;

    private TestImage() {
    }

    /**
     * Makes sure the image is in Incus under {@value #ALIAS} and returns the alias.
     *
     * @param client the client
     * @return {@value #ALIAS}
     */
    public static String alias(IncusClient client) {
        fingerprint(client);
        return ALIAS;
    }

    /**
     * Makes sure the image is in Incus under {@value #ALIAS} and returns its fingerprint. Creating instances
     * by fingerprint is immune to another test run moving the alias meanwhile.
     *
     * @param client the client
     * @return the fingerprint of the image this code builds
     */
    public static synchronized String fingerprint(IncusClient client) {
        if (fingerprint == null) {
            fingerprint = importOnce(client);
        }
        return fingerprint;
    }

    private static String importOnce(IncusClient client) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("coi-test-image");
            Path tarball = build(dir, DESCRIPTION);
            String built = sha256(tarball);
            if (client.images().image(built).isEmpty()) {
                try {
                    client.images().importTarball(tarball, List.of(), Map.of(), false);
                    deleteWhenTheTestsEnd(client, built);
                } catch (IncusOperationException e) {
                    if (client.images().image(built).isEmpty()) {
                        throw e;
                    }
                    // another test run imported the same image meanwhile
                }
            }
            Optional<ImageAlias> alias = client.images().alias(ALIAS);
            if (alias.isEmpty() || !alias.get().target().equals(built)) {
                if (alias.isPresent()) {
                    try {
                        client.images().deleteAlias(ALIAS);
                    } catch (IncusNotFoundException e) {
                        // another test run moved it meanwhile
                    }
                }
                try {
                    client.images().createAlias(ALIAS, built, "coi integration tests; safe to delete");
                } catch (IncusConflictException e) {
                    // another test run made it meanwhile
                }
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    LocalTrees.delete(dir);
                } catch (IOException e) {
                    // a temp dir left behind is harmless
                }
            }
        }
    }

    /** Tests leave no image behind that they made; one that was already there stays for whoever made it. */
    private static void deleteWhenTheTestsEnd(IncusClient client, String fingerprint) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.images().delete(fingerprint);
            } catch (IncusException e) {
                System.err.println("could not delete the test image " + fingerprint + ": " + e.getMessage());
            }
        }, "delete-test-image"));
    }

    /**
     * Writes the unified image tarball ({@code metadata.yaml} plus {@code rootfs/}), gzipped.
     *
     * @param dir where to write it
     * @param description the image's description property; a different one gives a different fingerprint
     * @return the tarball
     * @throws IOException when busybox cannot be read
     */
    public static Path build(Path dir, String description) throws IOException {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new IllegalStateException("the test image needs a static " + BUSYBOX
                    + ": apt-get install -y busybox-static");
        }
        Path tarball = dir.resolve("image.tar.gz");
        String metadata = "architecture: " + architecture() + "\ncreation_date: " + BUILD_TIME
                + "\nproperties:\n  description: " + description + "\n  os: busybox\n";
        try (TarWriter tar = new TarWriter(new GZIPOutputStream(Files.newOutputStream(tarball)), BUILD_TIME)) {
            tar.file("metadata.yaml", 0644, 0, 0, metadata.getBytes(StandardCharsets.UTF_8));
            tar.directory("rootfs", 0755, 0, 0);
            for (String name : List.of("bin", "sbin", "etc", "dev", "proc", "sys", "run", "home")) {
                tar.directory("rootfs/" + name, 0755, 0, 0);
            }
            tar.directory("rootfs/root", 0700, 0, 0);
            tar.directory("rootfs/tmp", 01777, 0, 0);
            tar.directory("rootfs/home/code", 0755, 1000, 1000);
            tar.directory("rootfs/workspace", 0755, 1000, 1000);
            tar.file("rootfs/bin/busybox", 0755, 0, 0, Files.readAllBytes(BUSYBOX));
            for (String command : COMMANDS) {
                tar.symlink("rootfs/bin/" + command, "busybox");
            }
            tar.file("rootfs/sbin/init", 0755, 0, 0, INIT.getBytes(StandardCharsets.UTF_8));
            tar.file("rootfs/etc/passwd", 0644, 0, 0, """
                    root:x:0:0:root:/root:/bin/sh
                    code:x:1000:1000:code:/home/code:/bin/sh
                    """.getBytes(StandardCharsets.UTF_8));
            tar.file("rootfs/etc/group", 0644, 0, 0, "root:x:0:\ncode:x:1000:\n".getBytes(StandardCharsets.UTF_8));
        }
        return tarball;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }
}
