package dev.coi.kernel.health;

import dev.coi.kernel.incus.IncusClient;
import java.util.Map;
import java.util.Optional;

/** The devices of the profile every coi container gets, {@code default}, as the storage and bridge checks need them. */
record DefaultProfile(Map<String, Map<String, String>> devices) {

    static final String NAME = "default";

    static Optional<DefaultProfile> read(IncusClient incus) {
        return incus.profileDevices(NAME).map(DefaultProfile::new);
    }

    /** The storage pool of its root disk. */
    Optional<String> rootPool() {
        return devices.values().stream()
                .filter(device -> "disk".equals(device.get("type")) && "/".equals(device.get("path")))
                .map(device -> device.get("pool"))
                .filter(pool -> pool != null && !pool.isBlank())
                .findFirst();
    }

    /** The network its first NIC is on: {@code network=} for a managed one, {@code parent=} for a host bridge. */
    Optional<String> nicNetwork() {
        return devices.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .filter(device -> "nic".equals(device.get("type")))
                .map(device -> device.getOrDefault("network", device.get("parent")))
                .filter(network -> network != null && !network.isBlank())
                .findFirst();
    }
}
