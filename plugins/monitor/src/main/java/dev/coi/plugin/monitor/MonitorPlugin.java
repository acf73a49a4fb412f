package dev.coi.plugin.monitor;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** The security monitor: watches what runs in sessions started with {@code --monitor}. */
public final class MonitorPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "monitor";
    }

    @Override
    public String description() {
        return "Security monitor of sessions (--monitor): reverse shells stop the container and keep a copy of it,"
                + " download-and-run, escalation to root, mass deletion and large reads freeze it, sudo and searches"
                + " for secrets are warned about; every event in ~/.coi/audit";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new SessionMonitor());
    }
}
