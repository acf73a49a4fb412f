package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The slots of a workspace that this coi may still try, each handed out once: the sessions one coi starts together
 * share it, so that they try different slots instead of racing each other for the lowest. Another coi's sessions
 * are not in it; their create requests and ours decide between them (see {@link SlotAllocator}).
 */
public final class FreeSlots {

    private final BitSet handedOut = new BitSet(ContainerNames.MAX_SLOTS + 1);

    /** @param taken the slots that had a container when they were listed */
    public FreeSlots(Set<Integer> taken) {
        taken.forEach(handedOut::set);
    }

    /** The slots of the workspace that hold a container (in any state) among the instances. */
    public static Set<Integer> takenIn(ContainerNames names, Path workspace, List<Instance> instances) {
        Set<Integer> taken = new HashSet<>();
        String hash = ContainerNames.workspaceHash(workspace);
        for (Instance instance : instances) {
            names.parse(instance.name()).filter(parsed -> parsed.workspaceHash().equals(hash))
                    .ifPresent(parsed -> taken.add(parsed.slot()));
        }
        return taken;
    }

    /** The lowest slot from {@code first} on that was neither taken nor handed out yet, now handed out. */
    synchronized OptionalInt takeFrom(int first) {
        int slot = handedOut.nextClearBit(Math.max(first, ContainerNames.FIRST_SLOT));
        if (slot > ContainerNames.MAX_SLOTS) {
            return OptionalInt.empty();
        }
        handedOut.set(slot);
        return OptionalInt.of(slot);
    }
}
