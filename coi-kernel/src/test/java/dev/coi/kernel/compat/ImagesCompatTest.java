package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.AnsweringIncus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code coi images} and {@code coi image list} (reference-behaviour.md 4.11): the text scripts read, on stdout,
 * exit 0. Against an Incus that answers with canned images.
 */
class ImagesCompatTest {

    private static final String COI_FINGERPRINT = "a".repeat(64);
    private static final String IMAGES = """
            [{"fingerprint":"%1$s","aliases":[{"name":"coi","description":""},\
            {"name":"coi-20260131-100000","description":""}],"size":123456789,\
            "created_at":"2026-01-31T10:00:00Z","uploaded_at":"2026-01-31T10:05:00Z","properties":{},\
            "architecture":"x86_64","type":"container","public":false},\
            {"fingerprint":"%2$s","aliases":[],"size":2048,"created_at":"2026-01-01T08:00:00Z",\
            "uploaded_at":"2026-01-01T08:30:00Z","properties":{},"architecture":"x86_64","type":"container",\
            "public":false}]""".formatted(COI_FINGERPRINT, "b".repeat(64));
    private static final String COI_ALIAS = """
            {"name":"coi","description":"","target":"%s","type":"container"}""".formatted(COI_FINGERPRINT);
    private static final String REMOTE_AND_CUSTOM = """

            Remote Images:
              coi build and coi build custom start from any image of the images: server (build.images_server):
              - images:debian/12, images:ubuntu/24.04

              Example: coi build custom my-image --script setup.sh --base images:ubuntu/24.04

            Custom Images:
              Build your own: coi build custom --script setup.sh my-image

            """;

    @TempDir
    Path home;

    private AnsweringIncus incus;

    @BeforeEach
    void setUp() throws Exception {
        incus = AnsweringIncus.listen(home.resolve("incus.socket"));
    }

    @AfterEach
    void tearDown() throws Exception {
        incus.close();
    }

    @Test
    void imagesShowsTheBuiltCoiImageUnderCoiImages() {
        incus.get("/1.0/images?recursion=1", IMAGES).get("/1.0/images/aliases/coi", COI_ALIAS);

        CliRun run = coi("images");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertEquals("""
                Available Images:

                COI Images:
                  ✓ coi
                    coi image (Claude CLI, Node.js, Docker, GitHub CLI, tmux)

                Tip: Use --all to see all local images
                """ + REMOTE_AND_CUSTOM, run.out());
    }

    @Test
    void imagesWithoutTheCoiImageSaysHowToBuildIt() {
        incus.get("/1.0/images?recursion=1", "[]");

        CliRun run = coi("images");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("""
                Available Images:

                COI Images:
                  ✗ coi (not built)
                    coi image (Claude CLI, Node.js, Docker, GitHub CLI, tmux)
                    Build with: coi build

                Tip: Use --all to see all local images
                """), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--all", "-a"})
    void imagesAllListsEveryLocalImageInTheReferenceColumns(String all) {
        incus.get("/1.0/images?recursion=1", IMAGES).get("/1.0/images/aliases/coi", COI_ALIAS);

        CliRun run = coi("images", all);

        assertEquals(0, run.exitCode(), run::toString);
        String uploaded = minutes("2026-01-31T10:05:00Z");
        assertEquals("""
                Available Images:

                COI Images:
                  ✓ coi
                    coi image (Claude CLI, Node.js, Docker, GitHub CLI, tmux)

                All Local Images:
                  ALIAS                          SIZE            UPLOAD DATE
                  ----------------------------------------------------------------------
                  coi                            117.7MB         %1$s
                  coi-20260131-100000            117.7MB         %1$s
                  bbbbbbbbbbbb                   2.0KB           %2$s
                """.formatted(uploaded, minutes("2026-01-01T08:30:00Z")) + REMOTE_AND_CUSTOM, run.out());
    }

    @Test
    void imagesAllWithoutAnyImageSaysNoLocalImagesFound() {
        incus.get("/1.0/images?recursion=1", "[]");

        CliRun run = coi("images", "--all");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\nAll Local Images:\n  No local images found\n\nRemote Images:\n"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--all"})
    void imagesIsTheImageListingUnderItsOlderName(String flags) {
        incus.get("/1.0/images?recursion=1", IMAGES).get("/1.0/images/aliases/coi", COI_ALIAS);

        CliRun images = coi(("images " + flags).strip().split(" "));
        CliRun list = coi(("image list " + flags).strip().split(" "));

        assertEquals(list.toString(), images.toString());
    }

    @Test
    void imagesTakesOnlyTheAllFlag() {
        CliRun run = coi("images", "--prefix", "coi");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains("--prefix"), run::toString);
    }

    @Test
    void imageListWithAPrefixShowsEachMatchingAlias() {
        incus.get("/1.0/images?recursion=1", IMAGES);

        CliRun run = coi("image", "list", "--prefix", "coi-");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("Images with prefix 'coi-':\n\n" + "%-40s %-20s %s\n".formatted("ALIAS", "SIZE", "CREATED")
                + "-".repeat(80) + "\n" + "%-40s %-20s %s\n".formatted("coi-20260131-100000", "117.7MB",
                minutes("2026-01-31T10:00:00Z")), run.out());
        CliRun none = coi("image", "list", "--prefix", "nothing-");
        assertEquals("No images found with prefix 'nothing-'\n", none.out());
        assertEquals(0, none.exitCode(), none::toString);
    }

    @Test
    void imagesWithoutIncusFailsWithExitCodeOne() throws Exception {
        incus.close();

        CliRun run = coi("images");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: "), run::toString);
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("incus.socket").toString()), args);
    }

    private static String minutes(String instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneId.systemDefault())
                .format(Instant.parse(instant));
    }
}
