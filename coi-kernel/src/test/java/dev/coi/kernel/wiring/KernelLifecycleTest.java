package dev.coi.kernel.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.incus.AnsweringIncus;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.RecordingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own lifecycle hooks follow every stop and delete through its Incus client, whichever command asked:
 * here {@code coi container stop} and {@code coi container delete}, against an Incus that answers with canned
 * bodies.
 */
class KernelLifecycleTest {

    private static final String CONTAINER = "coi-0a1b2c3d-1";

    @TempDir
    Path home;

    private AnsweringIncus incus;
    private Kernel kernel;
    private Path deadline;
    private Path networkRecord;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeEach
    void setUp() throws IOException {
        Path socket = home.resolve("incus.socket");
        incus = AnsweringIncus.listen(socket);
        StringWriter discarded = new StringWriter();
        kernel = new Kernel(new ConfigEnvironment(Map.of("INCUS_SOCKET", socket.toString()), home, home,
                home.resolve("system-config.toml")), progress,
                ChildStdio.copyTo(new PrintWriter(discarded), new PrintWriter(discarded)));
        deadline = Files.createDirectories(home.resolve(".coi/deadlines")).resolve(CONTAINER + ".json");
        Files.writeString(deadline, "{}");
        networkRecord = Files.createDirectories(home.resolve(".coi/network")).resolve(CONTAINER + ".json");
        Files.writeString(networkRecord, "{}");
    }

    @AfterEach
    void tearDown() throws IOException {
        incus.close();
    }

    @Test
    void aStoppedContainerLosesItsDeadlineAndKeepsItsNetworkRulesForItsNextBoot() throws Exception {
        incus.get("/1.0/instances/" + CONTAINER, instance("Running"))
                .done("PUT /1.0/instances/" + CONTAINER + "/state");

        kernel.sessions().containers().stop(CONTAINER, true);

        assertTrue(incus.requests().contains("PUT /1.0/instances/" + CONTAINER + "/state"), incus.requests()::toString);
        assertFalse(Files.exists(deadline), "the deadline of a stopped session is done with");
        assertTrue(Files.exists(networkRecord), "rules stay while the container may boot again");
        assertEquals(List.of(), progress.warnings);
    }

    @Test
    void aDeletedContainerLosesItsDeadline() throws Exception {
        Files.delete(networkRecord);
        incus.get("/1.0/instances/" + CONTAINER, instance("Stopped")).done("DELETE /1.0/instances/" + CONTAINER);

        kernel.sessions().containers().delete(CONTAINER, false);

        assertTrue(incus.requests().contains("DELETE /1.0/instances/" + CONTAINER), incus.requests()::toString);
        assertFalse(Files.exists(deadline), "the deadline goes with the container");
        assertEquals(List.of(), progress.warnings);
    }

    private static String instance(String status) {
        return "{\"name\":\"" + CONTAINER + "\",\"type\":\"container\",\"status\":\"" + status + "\","
                + "\"config\":{\"user.coi.session\":\"s1\"}}";
    }
}
