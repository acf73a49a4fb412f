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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        int slot = allocator.createInLowestFree(new FreeSlots(Set.of(1, 2, 4)), creator);

        assertEquals(3, slot);
        assertEquals(List.of("coi-9dad1e4e-3"), attempts);
        assertEquals(List.of("Auto-allocated slot 3"), messages);
    }

    @Test
    void aSlotTakenMeanwhileByAnotherCoiMovesOnToTheNextFreeOne() {
        existing.add("coi-9dad1e4e-1"); // created by a concurrent coi after the list was read
        existing.add("coi-9dad1e4e-3");

        int slot = allocator.createInLowestFree(new FreeSlots(Set.of(2)), creator);

        assertEquals(4, slot);
        assertEquals(List.of("coi-9dad1e4e-1", "coi-9dad1e4e-3", "coi-9dad1e4e-4"), attempts);
    }

    @Test
    void twoConcurrentCallsGetDifferentSlots() {
        int first = allocator.createInLowestFree(new FreeSlots(Set.of()), creator);
        int second = allocator.createInLowestFree(new FreeSlots(Set.of()), creator);

        assertEquals(1, first);
        assertEquals(2, second);
    }

    @Test
    void whenAllAreTakenTheErrorSaysWhatToDo() {
        FreeSlots none = new FreeSlots(IntStream.rangeClosed(1, ContainerNames.MAX_SLOTS).boxed()
                .collect(Collectors.toSet()));

        CoiException error = assertThrows(CoiException.class, () -> allocator.createInLowestFree(none, creator));

        assertTrue(error.getMessage().startsWith("all 100 slots of workspace /home/user/project are in use"),
                error.getMessage());
        assertTrue(error.getMessage().contains("coi shutdown"), error.getMessage());
        assertEquals(List.of(), attempts);
    }

    @Test
    void anExplicitFreeSlotIsUsed() {
        assertEquals(7, allocator.createInSlotOrNext(7, false, new FreeSlots(Set.of(1)), creator));
        assertEquals(List.of("coi-9dad1e4e-7"), attempts);
        assertEquals(List.of(), messages);
    }

    @Test
    void anOccupiedExplicitSlotMovesToTheNextFreeOneAfterIt() {
        int slot = allocator.createInSlotOrNext(2, true, new FreeSlots(Set.of(3)), creator);

        assertEquals(4, slot);
        assertEquals(List.of("coi-9dad1e4e-4"), attempts);
        assertEquals(List.of("Slot 2 is occupied, using slot 4 instead"), messages);
    }

    @Test
    void anExplicitSlotTakenMeanwhileAlsoMovesOn() {
        existing.add("coi-9dad1e4e-9");

        assertEquals(10, allocator.createInSlotOrNext(9, false, new FreeSlots(Set.of()), creator));
    }

    @Test
    void nothingFreeAfterAnOccupiedExplicitSlotIsAnError() {
        CoiException error = assertThrows(CoiException.class,
                () -> allocator.createInSlotOrNext(ContainerNames.MAX_SLOTS, true, new FreeSlots(Set.of()), creator));

        assertTrue(error.getMessage().startsWith("slot 100 of workspace /home/user/project is occupied"),
                error.getMessage());
    }

    @Test
    void sessionsStartedTogetherByTwoCoisGetDistinctSlots() throws Exception {
        Set<String> incus = ConcurrentHashMap.newKeySet();
        incus.addAll(List.of(names.name(WORKSPACE, 1), names.name(WORKSPACE, 3)));
        // two coi that listed the same two containers, each starting five sessions on threads of its own
        List<FreeSlots> cois = List.of(new FreeSlots(Set.of(1, 3)), new FreeSlots(Set.of(1, 3)));

        List<Integer> slots = startTogether(10, session -> cois.get(session % 2), incus, new AtomicInteger());

        assertEquals(Set.of(2, 4, 5, 6, 7, 8, 9, 10, 11, 12), Set.copyOf(slots), "ten distinct slots, the lowest free");
    }

    @Test
    void theSessionsOneCoiStartsTogetherTryDifferentSlots() throws Exception {
        FreeSlots free = new FreeSlots(Set.of(2));
        AtomicInteger creates = new AtomicInteger();

        List<Integer> slots = startTogether(10, session -> free, ConcurrentHashMap.newKeySet(), creates);

        assertEquals(Set.of(1, 3, 4, 5, 6, 7, 8, 9, 10, 11), Set.copyOf(slots));
        assertEquals(10, creates.get(), "no create was spent on a slot another of its sessions had");
    }

    /** Allocates slots for that many sessions at the same moment, each on a thread of its own; returns their slots. */
    private List<Integer> startTogether(int sessions, IntFunction<FreeSlots> coiOf, Set<String> incus,
            AtomicInteger creates) throws Exception {
        SlotAllocator.Creator racing = name -> {
            creates.incrementAndGet();
            Thread.yield();
            return incus.add(name);
        };
        SlotAllocator shared = new SlotAllocator(names, WORKSPACE, new FakeLaunch.Lines());
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> slots = new ArrayList<>();
            for (int session = 0; session < sessions; session++) {
                FreeSlots coi = coiOf.apply(session);
                slots.add(threads.submit(() -> {
                    go.await();
                    return shared.createInLowestFree(coi, racing);
                }));
            }
            go.countDown();
            List<Integer> got = new ArrayList<>();
            for (Future<Integer> slot : slots) {
                got.add(slot.get());
            }
            assertEquals(sessions, Set.copyOf(got).size(), "distinct: " + got);
            return got;
        } finally {
            threads.shutdownNow();
        }
    }
}
