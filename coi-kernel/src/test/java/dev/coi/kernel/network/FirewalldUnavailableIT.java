package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restricted and allowlist mode with {@code network.backend = "firewalld"} and no running firewalld fail before any
 * container exists, say how to fix it, and leave nothing behind: the nftables backend, which works here, does not
 * stand in for the backend the user named. The machine's firewalld keeps running: coi is given a PATH whose
 * {@code firewall-cmd} answers as a stopped firewalld does (exit code 252).
 */
class FirewalldUnavailableIT extends NetworkTestBase {

    private static final String FIXED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @ParameterizedTest
    @ValueSource(strings = {"restricted", "allowlist"})
    void aFilteredModeWithoutFirewalldFailsBeforeTheContainerStarts(String mode) {
        bed.environment.put("PATH", stoppedFirewalld() + ":" + FIXED_PATH);
        bed.environment.put("COI_NETWORK_BACKEND", "firewalld");
        bed.userConfig("""
                [network]
                allowed_domains = ["%s"]
                """.formatted(hosts.publicA().address()));

        CoiTerminal shell = bed.run(NetworkSessionBed.START, "shell", "--image", bed.image, "--background",
                "--network=" + mode);

        assertEquals(1, shell.awaitExit(NetworkSessionBed.END), shell::history);
        String said = shell.history().replaceAll("\\s+", " ");
        assertTrue(said.contains("firewalld"), said);
        assertTrue(said.contains("--network=open"), said);
        assertTrue(said.contains("start it"), said);
        assertEquals(List.of(), bed.containers(), "no container may be made: " + said);
        assertEquals(List.of(), records(), "no network record may be left");
        assertEquals(List.of(), Keepers.of(bed.home), "no keeper may be started");
    }

    private Path stoppedFirewalld() {
        try {
            Path bin = Files.createDirectories(root.resolve("stopped-firewalld"));
            Path command = bin.resolve("firewall-cmd");
            Files.writeString(command, "#!/bin/sh\necho 'not running' >&2\nexit 252\n");
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> records() {
        Path folder = bed.home.resolve(".coi/network");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
