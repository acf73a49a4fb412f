package dev.coi.plugin.colima;

import java.util.Optional;

/** The two VM managers this plugin recognises; Colima runs its VMs through Lima, so both leave Lima's traces. */
enum VmKind {
    COLIMA("Colima", "colima"),
    LIMA("Lima", "lima");

    private final String label;
    private final String settingValue;

    VmKind(String label, String settingValue) {
        this.label = label;
        this.settingValue = settingValue;
    }

    String label() {
        return label;
    }

    /** The value of {@code host.environment} that forces this kind. */
    String settingValue() {
        return settingValue;
    }

    /**
     * How the user opens a shell in the VM from macOS. Colima names its VM's host {@code colima} or
     * {@code colima-<profile>}, Lima {@code lima-<instance>}: that is where the profile or instance comes from.
     */
    String shellCommand(Optional<String> instance) {
        return switch (this) {
            case COLIMA -> "colima ssh" + instance.map(profile -> " -p " + profile).orElse("");
            case LIMA -> "limactl shell " + instance.orElse("<instance>");
        };
    }
}
