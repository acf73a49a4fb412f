package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.Instance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a persistent container that an older coi made, with shifted disks, to the mapping new containers get before
 * it starts again: the workspace owner's ids to the code user with {@code raw.idmap}, no disk shifted. A shifted
 * disk lets container root write files owned by host root.
 */
final class OwnerMapping {

    static final String RAW_IDMAP = "raw.idmap";
    private static final String SHIFT = "shift";
    private static final Pattern OWNER_IDS = Pattern.compile("uid (\\d+) \\d+\ngid (\\d+) \\d+");

    private OwnerMapping() {
    }

    /**
     * Changes a stopped container's mapping when it is not the owner's; a running one can only be changed by a
     * restart, which the user is told how to do.
     */
    static void bringUpToDate(ContainerRuntime incus, Instance container, WorkspaceOwner owner, Progress progress) {
        Map<String, Map<String, String>> unshifted = new LinkedHashMap<>();
        container.devices().forEach((device, settings) -> {
            if ("true".equals(settings.get(SHIFT))) {
                Map<String, String> plain = new LinkedHashMap<>(settings);
                plain.remove(SHIFT);
                unshifted.put(device, plain);
            }
        });
        if (unshifted.isEmpty() && owner.rawIdmap().equals(container.config().get(RAW_IDMAP))) {
            return;
        }
        if (container.isRunning()) {
            progress.warn(container.name() + " runs with shifted disks or another id mapping (made by an older coi),"
                    + " through which root in it can write files owned by host root: stop it ('coi container stop "
                    + container.name() + "') and start the session again to have it mapped safely");
            return;
        }
        incus.update(container.name(), Map.of(RAW_IDMAP, owner.rawIdmap()), unshifted);
        progress.info("Mapped the workspace owner (uid " + owner.uid() + ") to the code user in " + container.name()
                + (unshifted.isEmpty() ? "" : ", disks no longer shifted: " + String.join(", ", unshifted.keySet())));
    }

    /**
     * Why Incus may refuse to create or start a container with this {@code raw.idmap}, and the fix: it maps only ids
     * delegated to root, and Incus reports a missing delegation only in its own log.
     */
    static String delegationHint(String idmap) {
        Matcher ids = OWNER_IDS.matcher(idmap);
        String lines = ids.find() ? new WorkspaceOwner(Integer.parseInt(ids.group(1)), Integer.parseInt(ids.group(2)))
                .subordinateIdLines() : "the mapped ids for root to /etc/subuid and /etc/subgid";
        return "the workspace owner is mapped to the code user with raw.idmap '" + idmap.replace('\n', ',')
                + "', which Incus allows only for ids delegated to root: add " + lines + " (sudo"
                + " scripts/setup-host.sh does), then restart the Incus daemon";
    }
}
