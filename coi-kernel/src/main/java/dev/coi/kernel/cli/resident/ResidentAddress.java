package dev.coi.kernel.cli.resident;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where the resident coi of one installation and one user listens: {@code ~/.coi/run/resident-<hash>.sock}, the hash
 * being FNV-1a (32 bits) of the installation's folder. The client ({@code bin/coi}, in C) computes the same path, so
 * two installations of one user each have their own resident.
 *
 * @param socket the unix socket
 * @param lock the file whose lock makes the resident one per installation and user
 */
public record ResidentAddress(Path socket, Path lock) {

    /** The longest socket path Linux accepts ({@code sun_path} holds 108 bytes with the closing NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    /**
     * @param coiHome {@code ~/.coi}
     * @param installation the folder holding {@code bin/}, {@code lib/} and {@code runtime/}
     */
    public static ResidentAddress of(Path coiHome, Path installation) {
        Path run = coiHome.resolve("run");
        String name = "resident-" + hash(installation.toString());
        return new ResidentAddress(run.resolve(name + ".sock"), run.resolve(name + ".lock"));
    }

    /** Whether the socket's path fits a unix socket address. */
    boolean fits() {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES;
    }

    static String hash(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return HexFormat.of().toHexDigits(hash);
    }
}
