package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndingClaimTest {

    @TempDir
    Path coiHome;

    @Test
    void aSecondEndingOfTheSameContainerWaitsAndOtherContainersDoNot() {
        try (EndingClaim first = EndingClaim.take(coiHome, "coi-a-1", Duration.ofSeconds(1))) {
            assertFalse(first.waited());
            try (EndingClaim other = EndingClaim.take(coiHome, "coi-b-1", Duration.ofSeconds(1))) {
                assertFalse(other.waited(), "another container is not held up");
            }
            long begin = System.nanoTime();
            try (EndingClaim second = EndingClaim.take(coiHome, "coi-a-1", Duration.ofMillis(300))) {
                assertTrue(second.waited(), "the same container waits for the first ending");
                assertTrue(System.nanoTime() - begin >= Duration.ofMillis(300).toNanos());
            }
        }
        try (EndingClaim after = EndingClaim.take(coiHome, "coi-a-1", Duration.ofSeconds(1))) {
            assertFalse(after.waited(), "free again once the first ending is over");
        }
    }

    @Test
    void aContainerBeingSetUpIsNotFreeForAnotherSetUpAndItsEndingWaitsExceptInTheProcessSettingItUp() {
        try (EndingClaim ending = EndingClaim.take(coiHome, "coi-a-1", Duration.ofSeconds(1))) {
            assertTrue(EndingClaim.takeForSetUp(coiHome, "coi-a-1").isEmpty(), "a session ends in that name");
        }
        EndingClaim setUp = EndingClaim.takeForSetUp(coiHome, "coi-a-1").orElseThrow();
        try (setUp) {
            long begin = System.nanoTime();
            try (EndingClaim own = EndingClaim.take(coiHome, "coi-a-1", Duration.ofSeconds(5))) {
                assertFalse(own.waited(), "the process setting it up ends it at once, on a signal or a failure");
                assertTrue(System.nanoTime() - begin < Duration.ofSeconds(1).toNanos());
            }
        }
        try (EndingClaim after = EndingClaim.take(coiHome, "coi-a-1", Duration.ofSeconds(1))) {
            assertFalse(after.waited(), "free once it is set up");
            assertTrue(EndingClaim.takeForSetUp(coiHome, "coi-a-1").isEmpty());
        }
    }

    /** The resident coi serves several requests at once: one setting a container up is seen by the others. */
    @Test
    void aContainerThisProcessSetsUpIsNeitherFreeForAnotherRequestNorALeftover() {
        try (EndingClaim setUp = EndingClaim.takeForSetUp(coiHome, "coi-b-1").orElseThrow()) {
            assertTrue(EndingClaim.isSettingUp("coi-b-1"));
            assertTrue(EndingClaim.takeForSetUp(coiHome, "coi-b-1").isEmpty(), "another request wants the name");
            assertFalse(EndingClaim.isSettingUp("coi-b-2"));
        }
        assertFalse(EndingClaim.isSettingUp("coi-b-1"));
    }
}
