package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi run} stopped by SIGTERM (Ctrl-C goes the same way, through the shutdown hook) leaves no container. */
class RunInterruptIT {

    private static final Path LAUNCHER = Path.of("target/coi/bin/coi").toAbsolutePath();

    @TempDir
    Path home;

    private SessionContainersFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SessionContainersFixture(home);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void sigtermWhileTheCommandRunsRemovesTheContainer() throws Exception {
        String image = TestImage.alias(fixture.incus);
        Path stderr = home.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "-w", fixture.workspace.toString(),
                "--image", image, "--", "sh", "-c", "echo started; sleep 120").directory(home.toFile())
                .redirectOutput(home.resolve("stdout").toFile()).redirectError(stderr.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put(ContainerNames.PREFIX_VARIABLE, fixture.prefix);
        Process coi = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(home.resolve("stdout")).contains("started") && coi.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(fixture.name(1)), fixture.containerNames(), () -> read(stderr));

            coi.destroy();

            assertTrue(coi.waitFor(60, TimeUnit.SECONDS), "coi ended after SIGTERM");
            assertEquals(List.of(), fixture.containerNames(), () -> read(stderr));
        } finally {
            coi.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
