package dev.coi.plugin.colima;

import java.util.List;
import java.util.Optional;

/**
 * A Colima or Lima VM that was recognised.
 *
 * @param kind     Colima or Lima
 * @param evidence what gave it away, for example {@code virtiofs mount at /Users/ann}
 * @param instance the Colima profile or Lima instance, when the host name tells it
 */
record DetectedVm(VmKind kind, List<String> evidence, Optional<String> instance) {

    DetectedVm {
        evidence = List.copyOf(evidence);
    }

    String description() {
        return kind.label() + " VM (" + String.join(", ", evidence) + ")";
    }

    String shellCommand() {
        return kind.shellCommand(instance);
    }
}
