package dev.coi.plugin.monitor;

import dev.coi.api.ConfigOption;
import dev.coi.api.ConfigSection;
import dev.coi.api.ContainerProcess;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.SessionWatcher;
import dev.coi.api.WatchEvent;
import dev.coi.api.WatchedSession;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches a session: its processes, read on the host, against {@link ProcessPatterns} and {@link RootProcesses}
 * (each process found is reported once, with its command line and host pid), and its disk and workspace activity
 * against the thresholds of {@link ActivityRates}.
 */
final class SessionMonitor implements SessionWatcher {

    static final ConfigOption<Boolean> ENABLED = ConfigOption.flag("enabled", false,
            "watch every session, as coi shell --monitor does: reverse shells stop the container and keep a copy"
                    + " of it, download-and-run, mass deletion and large reads freeze it, every event goes to"
                    + " ~/.coi/audit");
    static final ConfigOption<Boolean> ALLOW_SUDO = ConfigOption.flag("allow_sudo", false,
            "only record the session's use of sudo instead of warning about it");
    static final ConfigOption<Long> READ_MIB = nonNegative("disk_read_mib_per_minute", 2048,
            "MiB read from disk within a minute that freeze the container (0: no limit)");
    static final ConfigOption<Long> WRITE_MIB = nonNegative("disk_write_mib_per_minute", 4096,
            "MiB written to disk within a minute that are warned about (0: no limit)");
    static final ConfigOption<Long> REMOVALS = nonNegative("removals_per_minute", 1000,
            "files and folders removed from the workspace within a minute that freeze the container (0: no limit)");
    static final ConfigOption<Long> REFUSED = nonNegative("refused_packets_per_minute", 10,
            "packets the network rules refused within a minute that are warned about (0: no limit)");

    /** What was reported already, by container, process and detector: once each. */
    private final Set<String> reported = new HashSet<>();
    private final Map<String, ActivityRates> rates = new HashMap<>();

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public Optional<ConfigSection> configSection() {
        return Optional.of(new ConfigSection("monitoring", List.of(ENABLED, ALLOW_SUDO, READ_MIB, WRITE_MIB,
                REMOVALS, REFUSED)));
    }

    @Override
    public boolean wants(ExtensionConfig config) {
        return config.get(ENABLED);
    }

    @Override
    public void look(WatchedSession session, ExtensionConfig config) {
        String key = session.container() + "/" + session.sessionId();
        List<ContainerProcess> processes = session.processes();
        for (ContainerProcess process : processes) {
            for (ProcessPatterns.Finding finding : ProcessPatterns.check(process)) {
                reportOnce(session, key, process, finding);
            }
        }
        RootProcesses.check(processes, config.get(ALLOW_SUDO))
                .forEach((process, finding) -> reportOnce(session, key, process, finding));
        ActivityRates.Thresholds thresholds = new ActivityRates.Thresholds(config.get(READ_MIB),
                config.get(WRITE_MIB), config.get(REMOVALS), config.get(REFUSED));
        for (ProcessPatterns.Finding finding : rates.computeIfAbsent(key, k -> new ActivityRates())
                .add(System.nanoTime(), session.activity(), thresholds)) {
            session.report(new WatchEvent(finding.detector(), finding.level(), finding.message(), Map.of()));
        }
    }

    private void reportOnce(WatchedSession session, String key, ContainerProcess process,
            ProcessPatterns.Finding finding) {
        if (reported.add(key + "/" + process.pid() + "/" + finding.detector())) {
            session.report(new WatchEvent(finding.detector(), finding.level(), finding.message(), Map.of(
                    "pid", Long.toString(process.pid()),
                    "uid", Integer.toString(process.uid()),
                    "command", process.commandText())));
        }
    }

    private static ConfigOption<Long> nonNegative(String name, long defaultValue, String description) {
        return ConfigOption.number(name, defaultValue, description).checked("a whole number, 0 or more (e.g. 500)",
                value -> value >= 0);
    }
}
