package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotAllocatorTest {

    private static final Path WORKSPACE = Path.of("/home/user/project");
    private final ContainerNames names = new ContainerNames("coi-");
    private final List<String> messages = new ArrayList<>();
    private final SlotAllocator allocator = new SlotAllocator(names, WORKSPACE, new Progress() {
        @Override
        public void step(String message) {
            messages.add(message);
        }

        @Override
        public void info(String message) {
            messages.add(message);
        }

        @Override
        public void warn(String message) {
            messages.add(message);
        }
    });

    /** A fake Incus: names that exist (or that another coi creates meanwhile) make the create fail. */
    private final Set<String> existing = new HashSet<>();
    private final List<String> attempts = new ArrayList<>();
    private final SlotAllocator.Creator creator = name -> {
        attempts.add(name);
        return existing.add(name);
    };

    @Test
    void theLowestFreeSlotIsTaken() {
        int slot = allocator.createInLowestFree(Set.of(1, 2, 4), creator);

        assertEquals(3, slot);
        assertEquals(List.of("coi-9dad1e4e-3"), attempts);
        assertEquals(List.of("Auto-allocated slot 3"), messages);
    }

    @Test
    void aSlotTakenMeanwhileByAnotherCoiMovesOnToTheNextFreeOne() {
        existing.add("coi-9dad1e4e-1"); // created by a concurrent coi after the list was read
        existing.add("coi-9dad1e4e-3");

        int slot = allocator.createInLowestFree(Set.of(2), creator);

        assertEquals(4, slot);
        assertEquals(List.of("coi-9dad1e4e-1", "coi-9dad1e4e-3", "coi-9dad1e4e-4"), attempts);
    }

    @Test
    void twoConcurrentCallsGetDifferentSlots() {
        int first = allocator.createInLowestFree(Set.of(), creator);
        int second = allocator.createInLowestFree(Set.of(), creator);

        assertEquals(1, first);
        assertEquals(2, second);
    }

    @Test
    void whenAllTenAreTakenTheErrorSaysWhatToDo() {
        Set<Integer> all = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        CoiException error = assertThrows(CoiException.class, () -> allocator.createInLowestFree(all, creator));

        assertTrue(error.getMessage().startsWith("all 10 slots of workspace /home/user/project are in use"),
                error.getMessage());
        assertTrue(error.getMessage().contains("coi shutdown"), error.getMessage());
        assertEquals(List.of(), attempts);
    }

    @Test
    void anExplicitFreeSlotIsUsed() {
        assertEquals(7, allocator.createInSlotOrNext(7, false, Set.of(1), creator));
        assertEquals(List.of("coi-9dad1e4e-7"), attempts);
        assertEquals(List.of(), messages);
    }

    @Test
    void anOccupiedExplicitSlotMovesToTheNextFreeOneAfterIt() {
        int slot = allocator.createInSlotOrNext(2, true, Set.of(3), creator);

        assertEquals(4, slot);
        assertEquals(List.of("coi-9dad1e4e-4"), attempts);
        assertEquals(List.of("Slot 2 is occupied, using slot 4 instead"), messages);
    }

    @Test
    void anExplicitSlotTakenMeanwhileAlsoMovesOn() {
        existing.add("coi-9dad1e4e-9");

        assertEquals(10, allocator.createInSlotOrNext(9, false, Set.of(), creator));
    }

    @Test
    void nothingFreeAfterAnOccupiedExplicitSlotIsAnError() {
        CoiException error = assertThrows(CoiException.class,
                () -> allocator.createInSlotOrNext(10, true, Set.of(), creator));

        assertTrue(error.getMessage().startsWith("slot 10 of workspace /home/user/project is occupied"),
                error.getMessage());
    }
}
