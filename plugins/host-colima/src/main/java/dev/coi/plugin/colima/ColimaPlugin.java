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
        return "Colima/Lima VMs: detection (virtiofs mounts, the lima user) and the adjustments they need";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new ColimaEnvironment());
    }
}
