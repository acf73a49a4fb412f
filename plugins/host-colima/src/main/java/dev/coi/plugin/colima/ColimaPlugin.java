package dev.coi.plugin.colima;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Contributes the detection of Colima and Lima VMs on macOS. */
public final class ColimaPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "host-colima";
    }

    @Override
    public String description() {
        return "Colima/Lima VMs: detection (Lima's mounts and user, or host.environment), the adjustments they need and a health check";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new ColimaEnvironment(), new ColimaChecks());
    }
}
