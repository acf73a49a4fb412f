package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;

/** A check that always comes out the same way. */
record FixedCheck(String name, String category, HealthResult result) implements HealthCheck {

    static FixedCheck ok(String name) {
        return new FixedCheck(name, "SYSTEM", HealthResult.ok(name + " works"));
    }

    static FixedCheck warning(String name) {
        return new FixedCheck(name, "SYSTEM", HealthResult.warning(name + " is slow", "speed it up"));
    }

    static FixedCheck failed(String name) {
        return new FixedCheck(name, "CRITICAL", HealthResult.failed(name + " is broken", "repair it"));
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        return result;
    }
}
