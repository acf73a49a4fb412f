package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.BuildSettings;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The kernel's side of a plugin's image base: which one builds, and its failures in coi's exit codes. */
class ImageBaseRootfsTest {

    private static final ImageBuildRequest REQUEST = new ImageBuildRequest("0.2.0+test", List.of(), List.of());
    @Test
    void theTarballTheBaseBuiltIsImportedAndItsLogPassedOn() {
        Path tarball = Path.of("/var/tmp/coi-build-1/image.tar.gz");
        List<String> log = new ArrayList<>();
        List<Path> imported = new ArrayList<>();

        new ImageBaseRootfs(base((output, importTarball) -> {
            output.accept("[coi] debootstrap");
            importTarball.accept(tarball);
        }), REQUEST).build(log::add, imported::add);

        assertEquals(List.of("[coi] debootstrap"), log);
        assertEquals(List.of(tarball), imported);
    }

    @Test
    void aFailedBuildIsAFailureWithTheBasesMessage() {
        CoiException error = assertThrows(CoiException.class, () -> new ImageBaseRootfs(base((output, tarball) -> {
            throw new ImageBuildException("debootstrap is not installed; sudo apt-get install debootstrap");
        }), REQUEST).build(line -> { }, tarball -> { }));

        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertEquals("debootstrap is not installed; sudo apt-get install debootstrap", error.getMessage());
    }

    @Test
    void anInterruptedBuildIsAnInterruptAndTheThreadStaysInterrupted() {
        try {
            CoiException error = assertThrows(CoiException.class, () -> new ImageBaseRootfs(
                    base((output, tarball) -> {
                        throw new InterruptedException();
                    }), REQUEST).build(line -> { }, tarball -> { }));

            assertEquals(ExitCodes.INTERRUPTED, error.exitCode());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void whatTheImportThrowsIsPassedOnUnchanged() {
        CoiException stop = new CoiException(ExitCodes.INTERRUPTED, "the build was interrupted");

        CoiException error = assertThrows(CoiException.class, () -> new ImageBaseRootfs(
                base((output, importTarball) -> importTarball.accept(Path.of("image.tar.gz"))), REQUEST)
                .build(line -> { }, tarball -> {
                    throw stop;
                }));

        assertSame(stop, error);
    }

    @Test
    void withoutAnImageBaseNamedOfflineTheCoiImageCannotBeBuiltAndTheErrorSaysWhatToDo() {
        ImageBase other = new FakeBase("alpine", (output, tarball) -> { });
        ImageBuilds builds = new ImageBuilds(null, new RecordingProgress(),
                new BuildSettings("offline", "https://images.example", List.of()), List.of(), List.of(other));

        CoiException error = assertThrows(CoiException.class, () -> builds.buildCoi(Optional.empty(), true));

        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertTrue(error.getMessage().startsWith("no plugin contributes the coi image (an image base named"
                + " 'offline')"), error::getMessage);
        assertTrue(error.getMessage().contains("coi build custom NAME --script FILE --base IMAGE"), error::getMessage);
    }

    /** The build of a fake base. */
    @FunctionalInterface
    private interface Build {
        void run(Consumer<String> log, Consumer<Path> importTarball) throws InterruptedException;
    }

    private static ImageBase base(Build build) {
        return new FakeBase("offline", build);
    }

    private record FakeBase(String name, Build build) implements ImageBase {

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public String remoteImage() {
            return "fake/1";
        }

        @Override
        public ImageContent content(ImageBuildRequest request, String base) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void build(ImageBuildRequest request, Consumer<String> log, Consumer<Path> importTarball)
                throws InterruptedException {
            build.run(log, importTarball);
        }
    }
}
