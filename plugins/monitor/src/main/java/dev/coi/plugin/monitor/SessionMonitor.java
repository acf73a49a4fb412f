package dev.coi.plugin.monitor;

import dev.coi.api.ConfigOption;
import dev.coi.api.ConfigSection;
import dev.coi.api.ContainerProcess;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.SessionWatcher;
import dev.coi.api.WatchEvent;
import dev.coi.api.WatchedSession;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches the processes of a session, read on the host, against {@link ProcessPatterns}: each process found is
 * reported once, with its command line and host pid.
 */
final class ProcessMonitor implements SessionWatcher {

    static final ConfigOption<Boolean> ENABLED = ConfigOption.flag("enabled", false,
            "watch every session, as coi shell --monitor does: reverse shells stop the container and keep a copy"
                    + " of it, download-and-run freezes it, every event goes to ~/.coi/audit");

    /** What was reported already, by container, process and detector: once each. */
    private final Set<String> reported = new HashSet<>();

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public Optional<ConfigSection> configSection() {
        return Optional.of(new ConfigSection("monitoring", List.of(ENABLED)));
    }

    @Override
    public boolean wants(ExtensionConfig config) {
        return config.get(ENABLED);
    }

    @Override
    public void look(WatchedSession session, ExtensionConfig config) {
        for (ContainerProcess process : session.processes()) {
            for (ProcessPatterns.Finding finding : ProcessPatterns.check(process)) {
                String key = session.container() + "/" + session.sessionId() + "/" + process.pid() + "/"
                        + finding.detector();
                if (reported.add(key)) {
                    session.report(new WatchEvent(finding.detector(), finding.level(), finding.message(), Map.of(
                            "pid", Long.toString(process.pid()),
                            "uid", Integer.toString(process.uid()),
                            "command", process.commandText())));
                }
            }
        }
    }
}
