package dev.coi.kernel.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.images.build.OfflineTestImage;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.TestInstances;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A coi image whose AI tool is stub-claude ({@value #SCRIPT}): the {@link OfflineTestImage} with Claude Code
 * replaced by a small bash program that behaves like it where coi can tell. Made once per JVM by the real
 * {@code coi build custom}, as a user makes a custom image, and deleted from Incus when the JVM ends.
 *
 * <p>stub-claude prints {@code stub-claude ready session=<id> turns=<n>} when it starts (after
 * {@code stub-claude resumed session=<id> earlier-turns=<n>} on resume and {@code stub-claude
 * credentials=<access token>}), answers each line with {@code stub-claude: you said <line> (turn <n>)} and records
 * it in {@code ~/.claude/projects/-workspace/<id>.jsonl}; {@code /refresh} writes fresher credentials,
 * {@code !CMD} runs CMD, {@code /exit} quits.
 */
public final class SessionTestImage {

    /** The build script, a resource of this package; it carries the stub. */
    public static final String SCRIPT = "stub-install.sh";
    /** The build script of the image with more stub tools (stub-aider, stub-tool), on top of this one. */
    public static final String TOOLS_SCRIPT = "stub-tools-install.sh";

    /**
     * What Incus answers, now and then on a loaded machine, to an exec whose process ends at once (the build's
     * clean-up {@code rm}); the build is not at fault, so it is tried once more rather than failing every test.
     */
    private static final String INCUS_EXEC_RACE = "Failed to retrieve PID of executing child process";

    private static String alias;
    private static RuntimeException failure;
    private static String toolsAlias;
    private static RuntimeException toolsFailure;

    private SessionTestImage() {
    }

    /**
     * Builds the image on the first call; later calls return the same alias.
     *
     * @param client the client of the Incus daemon to build on
     * @return the image's alias
     */
    public static synchronized String alias(IncusClient client) {
        if (failure != null) {
            throw new IllegalStateException("the stub-claude image build failed before: " + failure.getMessage(),
                    failure);
        }
        if (alias == null) {
            try {
                alias = build(client);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return alias;
    }

    /**
     * The image with stub-aider and stub-tool ({@value #TOOLS_SCRIPT}) besides stub-claude, built on the first call
     * by the real {@code coi build custom} on {@code base}, deleted from Incus when the JVM ends.
     *
     * @param client the client of the Incus daemon to build on
     * @param base the stub-claude image
     * @return the image's alias
     */
    public static synchronized String toolsAlias(IncusClient client, String base) {
        if (toolsFailure != null) {
            throw new IllegalStateException("the stub tools image build failed before: " + toolsFailure.getMessage(),
                    toolsFailure);
        }
        if (toolsAlias == null) {
            try {
                toolsAlias = build(client, base, TOOLS_SCRIPT, "stub-tools");
            } catch (RuntimeException e) {
                toolsFailure = e;
                throw e;
            }
        }
        return toolsAlias;
    }

    private static String build(IncusClient client) {
        return build(client, OfflineTestImage.get(client).alias(), SCRIPT, "stub");
    }

    private static String build(IncusClient client, String base, String resource, String what) {
        String name = TestInstances.PREFIX + what + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path home = null;
        try {
            home = Files.createTempDirectory("coi-stub-image-");
            Path script = home.resolve(resource);
            try (InputStream in = SessionTestImage.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the test class path");
                }
                Files.copy(in, script);
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            long start = System.nanoTime();
            CliRun build = buildCustom(home, name, base, script);
            if (build.exitCode() != 0 && build.err().contains(INCUS_EXEC_RACE)) {
                System.err.println("[coi-it] coi build custom hit an Incus exec race (" + INCUS_EXEC_RACE
                        + "); building once more");
                build = buildCustom(home, name, base, script);
            }
            if (build.exitCode() != 0) {
                throw new IllegalStateException("coi build custom of the " + what + " image failed:\n" + build);
            }
            JsonNode result = new ObjectMapper().readTree(build.out());
            String fingerprint = result.path("fingerprint").asText();
            if (fingerprint.isEmpty()) {
                throw new IllegalStateException("coi build custom printed no fingerprint:\n" + build);
            }
            deleteWhenTheTestsEnd(client, fingerprint);
            System.err.printf("[coi-it] built %s (%s on %s) in %.1f s%n", name, resource, base,
                    (System.nanoTime() - start) / 1e9);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (home != null) {
                deleteTree(home);
            }
        }
    }

    private static CliRun buildCustom(Path home, String name, String base, Path script) {
        return CliRun.of(home, "build", "custom", name, "--base", base, "--script", script.toString(), "--force");
    }

    private static void deleteWhenTheTestsEnd(IncusClient client, String fingerprint) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.images().delete(fingerprint);
            } catch (IncusException e) {
                System.err.println("could not delete the test image " + fingerprint + ": "
                        + e.getMessage());
            }
        }, "delete-stub-test-image"));
    }

    private static void deleteTree(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
