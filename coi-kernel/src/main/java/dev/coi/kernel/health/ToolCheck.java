package dev.coi.kernel.health;

import dev.coi.api.AiTool;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.api.ToolFile;
import dev.coi.kernel.sessions.CredentialVault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code tool}: a plugin provides the configured AI tool ({@code tool.name}), and the credentials a session would
 * get are there and not expired: the host's own file or the fresher copy coi kept from an earlier session, as the
 * tool itself judges them ({@link AiTool#credentialsValidUntil}). Only paths and dates are reported, never content.
 */
public final class ToolCheck implements HealthCheck {

    private final String toolName;
    private final Function<String, Optional<AiTool>> tools;
    private final Path home;
    private final Path coiHome;
    private final Clock clock;

    /**
     * @param toolName the configured tool
     * @param tools    the installed tool of a name
     * @param home     the user's home, where the tool keeps its files
     */
    public ToolCheck(String toolName, Function<String, Optional<AiTool>> tools, Path home, Path coiHome, Clock clock) {
        this.toolName = toolName;
        this.tools = tools;
        this.home = home;
        this.coiHome = coiHome;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "tool";
    }

    @Override
    public String category() {
        return "CONFIGURATION";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<AiTool> found = tools.apply(toolName);
        if (found.isEmpty()) {
            return HealthResult.failed("no installed plugin or tool file provides the AI tool '" + toolName + "' (tool.name)",
                    "set tool.name to a tool 'coi tool list' shows, install the tool's plugin, or declare it in"
                            + " ~/.config/coi/tools/" + toolName + ".toml");
        }
        AiTool tool = found.get();
        List<ToolFile> credentials = tool.hostFiles().stream()
                .filter(file -> file.kind() == ToolFile.Kind.CREDENTIALS).toList();
        if (credentials.isEmpty()) {
            return HealthResult.ok(toolName + " (no credentials files for coi to carry into sessions)");
        }
        CredentialVault vault = new CredentialVault(coiHome, toolName);
        Map<String, String> details = new LinkedHashMap<>();
        for (ToolFile file : credentials) {
            HealthResult result = check(tool, file, vault, details);
            if (result.status() != Status.OK) {
                return result;
            }
        }
        return new HealthResult(Status.OK, toolName + ": credentials " + String.join(", ", details.values()), "",
                details);
    }

    private HealthResult check(AiTool tool, ToolFile file, CredentialVault vault, Map<String, String> details) {
        Path hostFile = home.resolve(file.path());
        Optional<byte[]> hostContent = read(hostFile);
        Optional<byte[]> kept = read(vault.path(file));
        Optional<Instant> hostValid = hostContent.flatMap(content -> validUntil(tool, file, content));
        Optional<Instant> keptValid = kept.flatMap(content -> validUntil(tool, file, content));
        String login = "log in: run " + tool.binary() + " on the host and log in, or log in inside a session"
                + " (coi shell); coi keeps the credentials a session refreshes for the next ones";
        String shown = "~/" + file.path();
        if (hostContent.isEmpty() && kept.isEmpty()) {
            return HealthResult.warning("no " + toolName + " credentials: " + shown + " is missing, so every session"
                    + " asks you to log in", login);
        }
        boolean fromVault = keptValid.isPresent() && (hostValid.isEmpty() || keptValid.get().isAfter(hostValid.get()));
        Optional<Instant> best = fromVault ? keptValid : hostValid;
        String where = fromVault ? vault.path(file) + " (refreshed in a session)" : shown;
        if (best.isEmpty()) {
            return HealthResult.warning((hostContent.isPresent() ? shown : vault.path(file).toString())
                    + " does not look like valid " + toolName + " credentials (no token with an expiry date in it)",
                    login);
        }
        // a tool declared as data has credentials whose expiry coi cannot read
        details.put(file.path(), where + (best.get().equals(Instant.MAX) ? " (no expiry known)"
                : " good until " + best.get()));
        if (best.get().isBefore(clock.instant())) {
            return new HealthResult(Status.WARNING, "the " + toolName + " credentials in " + where + " expired at "
                    + best.get() + "; " + toolName + " renews them with its refresh token when it still can",
                    "start " + tool.binary() + " on the host once so that it renews them; if it asks, log in again"
                            + " (on the host, or inside a session: coi shell)", details);
        }
        return HealthResult.ok("");
    }

    private static Optional<Instant> validUntil(AiTool tool, ToolFile file, byte[] content) {
        try {
            return tool.credentialsValidUntil(file, content.clone());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A file that cannot be read counts as missing; the sessions directory and coi_directory checks tell why. */
    private static Optional<byte[]> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
