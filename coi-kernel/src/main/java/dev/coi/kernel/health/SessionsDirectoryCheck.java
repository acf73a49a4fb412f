package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.sessions.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * {@code sessions_directory}: coi can save the sessions of the configured tool ({@code ~/.coi/sessions-<tool>}).
 * Without it a session's state is lost when its container goes.
 */
public final class SessionsDirectoryCheck implements HealthCheck {

    private final Path coiHome;
    private final Predicate<Path> writable;

    public SessionsDirectoryCheck(Path coiHome) {
        this(coiHome, Files::isWritable);
    }

    /** @param writable whether this process may write to a folder; tests stand in for root, who may write anywhere */
    SessionsDirectoryCheck(Path coiHome, Predicate<Path> writable) {
        this.coiHome = coiHome;
        this.writable = writable;
    }

    @Override
    public String name() {
        return "sessions_directory";
    }

    @Override
    public String category() {
        return "STORAGE";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        String tool = probe.setting("tool.name").filter(name -> !name.isBlank()).orElse(ToolSettings.REFERENCE_TOOL);
        Path folder = new SessionStore(coiHome, tool).directory();
        String fix = "give it back to yourself: sudo chown -R \"$USER\" " + coiHome;
        if (Files.isDirectory(folder)) {
            return writable.test(folder) ? HealthResult.ok(folder + " (writable)")
                    : HealthResult.failed("coi cannot save " + tool + " sessions: " + folder + " is not writable", fix);
        }
        if (Files.exists(folder)) {
            return HealthResult.failed(folder + " is not a folder, so no " + tool + " session can be saved",
                    "move it away; coi makes the folder when it saves the next session");
        }
        Path existing = folder.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && Files.isDirectory(existing) && writable.test(existing)) {
            return HealthResult.ok(folder + " does not exist yet; coi makes it when it saves the first session");
        }
        return HealthResult.failed(folder + " does not exist and cannot be made",
                "make it yourself: sudo mkdir -p " + folder + " && sudo chown -R \"$USER\" " + coiHome);
    }
}
