package dev.coi.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * This machine's Incus daemon as a remote of the incus command line: listening on HTTPS on a free loopback port for
 * as long as the fixture is open, with a client certificate of the fixture's own that the daemon trusts, in a
 * configuration folder of its own ({@code INCUS_CONF}). Closing it removes the trust and puts back the daemon's
 * listening address as it was.
 */
public final class LoopbackRemote implements AutoCloseable {

    /** The remote's name in the fixture's incus configuration. */
    public static final String NAME = "coi-it-loopback";

    private final Path configDir;
    private final String address;
    private final String addressBefore;
    private final List<Path> trusted = new ArrayList<>();

    private LoopbackRemote(Path configDir, String address, String addressBefore) {
        this.configDir = configDir;
        this.address = address;
        this.addressBefore = addressBefore;
    }

    /**
     * Opens the daemon's HTTPS listener and makes the trusted client configuration.
     *
     * @param folder where the configuration folders go
     * @return the fixture
     */
    public static LoopbackRemote open(Path folder) {
        String before = incus(Map.of(), "config", "get", "core.https_address").strip();
        String address = before.startsWith("127.0.0.1:") ? before : "127.0.0.1:" + freePort();
        if (!address.equals(before)) {
            incus(Map.of(), "config", "set", "core.https_address", address);
        }
        LoopbackRemote remote = new LoopbackRemote(folder.resolve("incus-trusted"), address, before);
        try {
            remote.trust(remote.configDir);
            incus(remote.environment(), "remote", "add", NAME, remote.url(), "--accept-certificate");
            return remote;
        } catch (RuntimeException e) {
            remote.close();
            throw e;
        }
    }

    /** The variables that point the incus command line, and coi, at the fixture's configuration. */
    public Map<String, String> environment() {
        return Map.of("INCUS_CONF", configDir.toString());
    }

    public Path configDir() {
        return configDir;
    }

    public String url() {
        return "https://" + address;
    }

    /**
     * A configuration that knows the remote as the trusted one does, but with a client certificate of its own that the
     * daemon does not trust.
     *
     * @param folder the new configuration folder
     */
    public void untrustedCopy(Path folder) {
        certificate(folder);
        copyRemote(folder);
    }

    /**
     * A configuration whose stored server certificate for the remote is another one than the daemon's.
     *
     * @param folder the new configuration folder
     */
    public void withAnotherServerCertificate(Path folder) {
        trust(folder);
        copyRemote(folder);
        try {
            Files.copy(folder.resolve("client.crt"), folder.resolve("servercerts").resolve(NAME + ".crt"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copyRemote(Path folder) {
        try {
            Files.createDirectories(folder.resolve("servercerts"));
            Files.copy(configDir.resolve("config.yml"), folder.resolve("config.yml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(configDir.resolve("servercerts").resolve(NAME + ".crt"),
                    folder.resolve("servercerts").resolve(NAME + ".crt"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void trust(Path folder) {
        certificate(folder);
        incus(Map.of(), "config", "trust", "add-certificate", folder.resolve("client.crt").toString(), "--name",
                "coi-it-" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8));
        trusted.add(folder.resolve("client.crt"));
    }

    private static void certificate(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        incus(Map.of("INCUS_CONF", folder.toString()), "remote", "generate-certificate");
    }

    @Override
    public void close() {
        for (Path certificate : trusted) {
            try {
                incus(Map.of(), "config", "trust", "remove", fingerprint(certificate));
            } catch (RuntimeException e) {
                // already gone
            }
        }
        if (!address.equals(addressBefore)) {
            if (addressBefore.isEmpty()) {
                incus(Map.of(), "config", "unset", "core.https_address");
            } else {
                incus(Map.of(), "config", "set", "core.https_address", addressBefore);
            }
        }
    }

    private static String fingerprint(Path certificate) {
        try {
            String pem = Files.readString(certificate, StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the incus command line against this machine's daemon, or with a configuration folder of the fixture's. */
    private static String incus(Map<String, String> environment, String... arguments) {
        return IncusCommandLine.run(Duration.ofSeconds(60), environment, arguments);
    }
}
