package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.sessions.SessionContainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerPlacerTest {

    private static final String SESSION = "0b9e6f1c-5d2a-4c7e-9a4b-3f2d1e0c9b8a";

    @TempDir
    Path root;

    private FakeLaunch bed;
    private ContainerPlacer placer;
    private final List<String> creating = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bed = new FakeLaunch(root);
        placer = new ContainerPlacer(bed.runtime, bed.names, bed.finisher, bed.progress);
    }

    private Function<String, InstanceSpec> spec() {
        return name -> InstanceSpec.fromAlias(name, FakeLaunch.IMAGE).withConfig(bed.labels(SESSION, false))
                .withStart(true);
    }

    private Placement place(OptionalInt slot, boolean reuse, Optional<String> resumed) {
        return placer.place(bed.workspace, slot, reuse, resumed, spec(), creating::add, bed.runtime.instances());
    }

    private String slot(int number) {
        return bed.names.name(bed.workspace, number);
    }

    @Test
    void aNewContainerGoesIntoTheLowestFreeSlotOfItsWorkspace() {
        bed.runtime.with(slot(1), "Running", bed.labels("another", false));
        bed.runtime.with(bed.names.name(root.resolve("elsewhere"), 2), "Running", Map.of());

        try (Placement placement = place(OptionalInt.empty(), true, Optional.empty())) {
            assertTrue(placement.created());
            assertEquals(slot(2), placement.name());
            assertEquals(2, placement.slot());
        }
        assertEquals(List.of("create " + slot(2)), bed.runtime.calls());
        assertEquals(List.of(slot(2)), creating);
        assertEquals(SESSION, bed.runtime.get(slot(2)).config().get("user.coi.session"));
        assertTrue(bed.runtime.get(slot(2)).isRunning());
    }

    @Test
    void aNameTakenMeanwhileByAnotherCoiMovesTheNewContainerToTheNextSlot() {
        List<dev.coi.kernel.incus.Instance> listedBefore = bed.runtime.instances();
        bed.runtime.with(slot(1), "Running", bed.labels("another", false));

        Placement placement = placer.place(bed.workspace, OptionalInt.empty(), false, Optional.empty(), spec(),
                creating::add, listedBefore);
        placement.close();

        assertEquals(slot(2), placement.name());
        assertEquals(List.of("create " + slot(1), "create " + slot(2)), bed.runtime.calls());
        assertEquals("another", bed.runtime.get(slot(1)).config().get("user.coi.session"));
    }

    @Test
    void theStoppedContainerOfAnEarlierSessionInTheAskedSlotIsSavedAndRemovedForTheNewOne() {
        bed.runtime.with(slot(3), "Stopped", bed.labels("earlier", false));

        try (Placement placement = place(OptionalInt.of(3), true, Optional.empty())) {
            assertTrue(placement.created());
            assertEquals(slot(3), placement.name());
        }
        assertEquals(List.of("delete " + slot(3), "create " + slot(3)), bed.runtime.calls());
        assertEquals(SESSION, bed.runtime.get(slot(3)).config().get("user.coi.session"));
        assertTrue(bed.progress.has("info: ", "Found the stopped container " + slot(3)));
    }

    @Test
    void aContainerListedStoppedThatItsCoiStartedMeanwhileIsNeitherSavedNorRemoved() {
        bed.runtime.with(slot(3), "Stopped", bed.labels("another", false));
        List<dev.coi.kernel.incus.Instance> listedBefore = bed.runtime.instances();
        bed.runtime.with(slot(3), "Running", bed.labels("another", false));

        try (Placement placement = placer.place(bed.workspace, OptionalInt.of(3), false, Optional.empty(), spec(),
                creating::add, listedBefore)) {
            assertEquals(slot(4), placement.name());
        }
        assertEquals(List.of("create " + slot(4)), bed.runtime.calls());
        assertTrue(bed.runtime.get(slot(3)).isRunning());
    }

    @Test
    void reapingSkipsAContainerThatWasStartedAfterItWasListed() {
        bed.runtime.with(slot(1), "Stopped", bed.labels("another", false));
        List<SessionContainer> listedBefore = bed.runtime.instances().stream().map(SessionContainer::of).toList();
        bed.runtime.with(slot(1), "Running", bed.labels("another", false));

        assertEquals(0, bed.finisher.reapStopped(listedBefore));
        assertEquals(List.of(), bed.runtime.calls());
    }

    @Test
    void aPersistentContainerInTheAskedSlotIsReusedByShellAndSkippedByRun() {
        bed.runtime.with(slot(1), "Stopped", bed.labels("kept", true));

        try (Placement reused = place(OptionalInt.of(1), true, Optional.empty())) {
            assertFalse(reused.created());
            assertEquals(slot(1), reused.name());
        }
        assertEquals(List.of(), bed.runtime.calls());
        assertTrue(bed.progress.has("info: ", "Restarting existing persistent container " + slot(1)));

        try (Placement skipped = place(OptionalInt.of(1), false, Optional.empty())) {
            assertTrue(skipped.created());
            assertEquals(slot(2), skipped.name());
        }
        assertEquals(List.of("create " + slot(2)), bed.runtime.calls());
        assertTrue(bed.runtime.get(slot(1)).isStopped());
    }

    @Test
    void theRunningContainerOfTheResumedSessionIsJoinedAnotherSessionsIsNot() {
        bed.runtime.with(slot(1), "Running", bed.labels(SESSION, false));

        try (Placement joined = place(OptionalInt.of(1), true, Optional.of(SESSION))) {
            assertFalse(joined.created());
        }
        try (Placement beside = place(OptionalInt.of(1), true, Optional.of("another"))) {
            assertTrue(beside.created());
            assertEquals(slot(2), beside.name());
        }
        assertEquals(List.of("create " + slot(2)), bed.runtime.calls());
    }

    @Test
    void aFailedCreateRemovesWhatItLeftAndSaysWhichImage() {
        bed.runtime.failingCreate(slot(1), new IncusException("Incus could not create instance " + slot(1)
                + ": Failed to run: forkstart", 400, "Failed to run: forkstart", null));

        CoiException failure = assertThrows(CoiException.class,
                () -> place(OptionalInt.empty(), true, Optional.empty()));

        assertTrue(failure.getMessage().contains("could not create and start container " + slot(1) + " from image '"
                + FakeLaunch.IMAGE + "'"), failure.getMessage());
        assertEquals(List.of("create " + slot(1), "deleteForcibly " + slot(1)), bed.runtime.calls());
        assertTrue(bed.runtime.names().isEmpty());
    }
}
