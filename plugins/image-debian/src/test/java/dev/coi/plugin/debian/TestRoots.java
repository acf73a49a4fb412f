package dev.coi.plugin.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the kernel's test images need of the offline builder beyond its public types: a root it built turned into
 * a second image by scripts run in it, as the image script runs, and a look at the mounts it must have left.
 */
public final class TestRoots {

    private static final String SCRIPT_DIR = "tmp/coi-it-stub";

    private TestRoots() {
    }

    /**
     * Runs scripts in the root the offline builder left in its work directory ({@code rootfs/}) through
     * {@code chroot}, with the host's filesystems bound in as for the image script, then gives the root new
     * metadata and packs it as the builder packs its image. Needs root.
     *
     * @param workDir the work directory of a finished {@link OfflineImageBuilder#build}, its tarball removed
     * @param scripts the scripts by file name, run in this order
     * @param description the new image's description
     * @param suite the Debian release the root was made from
     * @param log receives the output lines
     * @return the new tarball in the work directory
     * @throws IOException when the root cannot be written
     * @throws InterruptedException when interrupted; nothing stays mounted by then
     */
    public static Path repack(Path workDir, Map<String, byte[]> scripts, String description, String suite,
            Consumer<String> log) throws IOException, InterruptedException {
        Path rootfs = workDir.resolve("rootfs");
        Path scriptDir = rootfs.resolve(SCRIPT_DIR);
        Files.createDirectories(scriptDir);
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, byte[]> script : scripts.entrySet()) {
            Files.write(scriptDir.resolve(script.getKey()), script.getValue());
            paths.add("/" + SCRIPT_DIR + "/" + script.getKey());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("HOME", "/root");
        environment.put("LANG", "C.UTF-8");
        try (ChrootGuard guard = ChrootGuard.open(rootfs, log)) {
            guard.mountHostFilesystems();
            for (String script : paths) {
                HostCommand.runChecked(script, List.of("chroot", rootfs.toString(), "/bin/bash", script),
                        environment, log);
            }
        }
        WorkDirs.delete(scriptDir);
        String architecture = ImageMetadata.incusArchitecture(HostCommand.output(List.of("dpkg",
                "--print-architecture")));
        new ImageMetadata(architecture, Instant.now(), Map.of("description", description, "os", "debian",
                "release", suite)).writeTo(workDir);
        return OfflineImageBuilder.tar(workDir, log);
    }

    /**
     * What is mounted at or below a directory now.
     *
     * @param dir the directory
     * @return the mount points
     */
    public static List<Path> mountsUnder(Path dir) {
        return MountTable.mountsUnder(dir);
    }

    /**
     * Runs a program on the host that must succeed.
     *
     * @param command the program and its arguments
     * @return its output, trimmed
     * @throws InterruptedException when interrupted
     */
    public static String output(List<String> command) throws InterruptedException {
        return HostCommand.output(command);
    }
}
