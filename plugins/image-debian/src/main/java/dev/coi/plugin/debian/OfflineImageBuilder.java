package dev.coi.plugin.debian;

import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the default coi image on the host, for hosts whose containers cannot reach the internet (air-gapped or
 * corporate networks, CI): {@code debootstrap} makes a minimal Debian root from a package mirror, the image
 * script ({@code coi-image.sh}) runs in it through {@code chroot} using the host's network, and the result is
 * packed as a unified Incus image tarball. Needs root, {@code debootstrap}, and the mirror and the package
 * sources of the AI tools (e.g. the npm registry) reachable from the host.
 *
 * <p>Nothing stays mounted or running in the work directory when {@link #build} returns or throws, so the caller
 * can delete it (with {@link WorkDirs#delete(Path)}).
 */
public final class OfflineImageBuilder {

    /** The {@code description} property of the image's metadata. */
    public static final String DESCRIPTION = "coi image (Claude Code, Node.js, Docker, GitHub CLI, tmux)";
    private static final Pattern TOOLS_LINE = Pattern.compile("(?m)^tools=\"([a-z0-9._ -]*)\"$");

    /** The tarball's name inside the work directory. */
    public static final String TARBALL = "image.tar.gz";

    /** Inside the root; the script's default {@code COI_BUILD_DIR}. */
    private static final String BUILD_DIR = "tmp/coi-build";
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** ca-certificates comes with debootstrap so the extra certificates are trusted before the first https download. */
    private static final String INCLUDE = "ca-certificates";
    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "no_proxy",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

    /**
     * Builds the image tarball. Every line of output (debootstrap's, the image script's, and coi's own
     * {@code [coi] ...} lines, ending with the time of each step) goes to {@code log}.
     *
     * @param request what to build, and where
     * @param log receives the output lines, possibly from another thread
     * @return the tarball, its size and the step times
     * @throws ImageBuildException when this host cannot build (not root, no debootstrap) or a step fails
     * @throws IOException when the work directory cannot be written
     * @throws InterruptedException when interrupted; everything started is killed and unmounted by then
     */
    public OfflineBuildResult build(OfflineBuildRequest request, Consumer<String> log)
            throws IOException, InterruptedException {
        Path debootstrap = checkHost();
        Path workDir = emptyDirectory(request.workDir());
        Path rootfs = workDir.resolve("rootfs");
        StepTimer timer = new StepTimer();
        try (ChrootGuard guard = ChrootGuard.open(rootfs, log)) {
            timer.start("debootstrap");
            log.accept("[coi] debootstrap " + request.suite() + " from " + request.mirrors().mirror());
            HostCommand.runChecked("debootstrap", List.of(debootstrap.toString(), "--variant=minbase",
                    "--include=" + INCLUDE, "--components=main", request.suite(), rootfs.toString(),
                    request.mirrors().mirror()), hostEnvironment(), log);

            timer.start("setup");
            writeAptSources(request, rootfs);
            stageBuildFiles(request, rootfs, log);
            guard.mountHostFilesystems();
            HostCommand.runChecked("the image script", List.of("chroot", rootfs.toString(), "/bin/bash",
                    "/" + BUILD_DIR + "/" + ContentFiles.SCRIPT), scriptEnvironment(request), line -> {
                        StepTimer.phaseOf(line).ifPresent(timer::start);
                        log.accept(line);
                    });
        } finally {
            timer.stop();
        }

        timer.start("metadata");
        WorkDirs.delete(rootfs.resolve(BUILD_DIR));
        // The host's resolver is of no use in a container: dhclient writes the bridge's at boot.
        replaceFile(rootfs.resolve("etc/resolv.conf"), "# dhclient writes the name servers here at boot\n");
        replaceFile(rootfs.resolve("etc/hostname"), "coi\n");
        String architecture = ImageMetadata.incusArchitecture(HostCommand.output(List.of("dpkg",
                "--print-architecture")));
        Map<String, String> properties = new HashMap<>(Map.of("description", DESCRIPTION, "os", "debian",
                "release", request.suite()));
        installedTools(rootfs).ifPresent(tools -> properties.put(ImageBuildRequest.INSTALLED_TOOLS_PROPERTY, tools));
        new ImageMetadata(architecture, Instant.now(), properties).writeTo(workDir);

        timer.start("tar");
        Path tarball = tar(workDir, log);
        timer.stop();
        OfflineBuildResult result = new OfflineBuildResult(tarball, Files.size(tarball), timer.steps());
        log.accept("[coi] build time by step: " + result.summary());
        return result;
    }

    /** The tools the image script installed, from its {@code tools="..."} line in {@code /etc/coi-image}. */
    private static Optional<String> installedTools(Path rootfs) throws IOException {
        Path info = rootfs.resolve("etc/coi-image");
        if (!Files.isRegularFile(info, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Matcher line = TOOLS_LINE.matcher(Files.readString(info));
        return line.find() ? Optional.of(line.group(1).strip()) : Optional.empty();
    }

    /**
     * The effective user id in the text of {@code /proc/self/status}.
     *
     * @param status the text
     * @return the id, or -1 when the text has none
     */
    static int effectiveUid(String status) {
        return status.lines().filter(line -> line.startsWith("Uid:")).findFirst()
                .map(line -> Integer.parseInt(line.substring(4).strip().split("\\s+")[1]))
                .orElse(-1);
    }

    /**
     * The apt sources of the image: the main archive with its updates suite, and the security archive if any.
     *
     * @param mirrors the archives
     * @param suite the release
     * @return a deb822 sources file
     */
    static String aptSources(DebianMirrors mirrors, String suite) {
        boolean stable = !suite.equals("sid") && !suite.equals("unstable");
        StringBuilder sources = new StringBuilder(stanza(mirrors.mirror(), stable ? suite + " " + suite + "-updates"
                : suite));
        if (stable) {
            mirrors.securityMirror().ifPresent(security -> sources.append('\n')
                    .append(stanza(security, suite + "-security")));
        }
        return sources.toString();
    }

    private static String stanza(String uri, String suites) {
        return "Types: deb\nURIs: " + uri + "\nSuites: " + suites + "\nComponents: main\n"
                + "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
    }

    private static Path checkHost() throws IOException {
        if (effectiveUid(Files.readString(Path.of("/proc/self/status"))) != 0) {
            throw new ImageBuildException("building the image offline needs root (debootstrap, chroot and mounts): run"
                    + " 'sudo coi build', or build on a base image instead (coi build --base IMAGE)");
        }
        return program("debootstrap").orElseThrow(() -> new ImageBuildException("debootstrap is not installed; it"
                + " builds the image offline: sudo apt-get install debootstrap"));
    }

    private static Optional<Path> program(String name) {
        return Stream.of(PATH.split(":")).map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    private static Path emptyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new ImageBuildException("the build directory " + dir + " is not empty");
            }
        }
        // the kernel names processes' roots and mount points by their real paths
        return dir.toRealPath();
    }

    private static void writeAptSources(OfflineBuildRequest request, Path rootfs) throws IOException {
        Files.deleteIfExists(rootfs.resolve("etc/apt/sources.list"));
        replaceFile(rootfs.resolve("etc/apt/sources.list.d/debian.sources"),
                aptSources(request.mirrors(), request.suite()));
    }

    /** The content files (script, certificates, tool steps) into the root's build directory; the host's resolver. */
    static void stageBuildFiles(OfflineBuildRequest request, Path rootfs, Consumer<String> log)
            throws IOException {
        Path buildDir = rootfs.resolve(BUILD_DIR);
        Files.createDirectories(buildDir.resolve(ContentFiles.CERTIFICATES));
        Files.createDirectories(buildDir.resolve(ContentFiles.DIRECTORY));
        for (ImageContent.File file : ContentFiles.of(request.image())) {
            Files.write(buildDir.resolve(file.path()), file.content());
        }
        Path resolvConf = Path.of("/etc/resolv.conf");
        if (Files.isReadable(resolvConf)) {
            replaceFile(rootfs.resolve("etc/resolv.conf"), Files.readString(resolvConf));
        } else {
            log.accept("[coi] WARNING: the host has no /etc/resolv.conf: names may not resolve in the build root");
        }
    }

    /**
     * Writes a file in the root. A symbolic link there is replaced, never followed: an absolute link in the root
     * points at the host's file of that name.
     */
    private static void replaceFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    private static Map<String, String> hostEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.put("PATH", PATH);
        return environment;
    }

    /** A clean environment: nothing of the caller's leaks into the image, except the proxy it needs. */
    private static Map<String, String> scriptEnvironment(OfflineBuildRequest request) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", "/root");
        environment.put("LANG", "C.UTF-8");
        environment.put("COI_VERSION", request.image().coiVersion());
        environment.put("COI_BASE", "debootstrap " + request.suite() + " " + request.mirrors().mirror());
        for (String name : PROXY_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        return environment;
    }

    /**
     * Packs the image with pigz (all cores) when installed, else gzip; owners by number, extended attributes kept.
     * Level 1, because it is much faster for a little more size: for a 1.5 GB root on 2 cores, pigz -1 took 21 s
     * (609 MB), pigz -6 52 s (551 MB), gzip -1 33 s, gzip -6 about 70 s.
     */
    static Path tar(Path workDir, Consumer<String> log) throws InterruptedException {
        String compressor = (program("pigz").isPresent() ? "pigz" : "gzip") + " -1";
        log.accept("[coi] packing " + TARBALL + " (" + compressor + ")");
        Path tarball = workDir.resolve(TARBALL);
        HostCommand.runChecked("tar", List.of("tar", "--create", "--file", tarball.toString(), "--numeric-owner",
                "--xattrs", "--xattrs-include=*", "--one-file-system", "--use-compress-program=" + compressor,
                "-C", workDir.toString(), "metadata.yaml", "templates", "rootfs"), hostEnvironment(), log);
        return tarball;
    }
}
