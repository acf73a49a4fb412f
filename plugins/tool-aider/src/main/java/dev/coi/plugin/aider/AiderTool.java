package dev.coi.plugin.aider;

import dev.coi.api.AiTool;
import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aider, told to answer yes to its own questions: the container is the sandbox.
 *
 * <p>Aider writes its chat and input history into the working directory by default, which is the user's workspace
 * on the host. coi points both into {@code ~/.aider/history/} in the container instead, so that the workspace gets
 * no history files it did not have, and the history is saved with the rest of {@code ~/.aider} (Aider's own folder:
 * analytics id, caches) as the session's state; a resumed session gets it back and starts with
 * {@code --restore-chat-history}. Aider has no session id of its own: one saved session is one conversation.
 */
public final class AiderTool implements AiTool {

    /** Aider's folder in the home directory, and where coi keeps its history. */
    static final String STATE_DIRECTORY = ".aider";
    static final String CHAT_HISTORY = STATE_DIRECTORY + "/history/chat.history.md";
    static final String INPUT_HISTORY = STATE_DIRECTORY + "/history/input.history";

    /** Aider's options (model, edit format, keys the user chose to keep there). */
    static final ToolFile CONFIG = new ToolFile(".aider.conf.yml", ToolFile.Kind.PLAIN);
    /** Settings of models Aider does not know by itself. */
    static final ToolFile MODEL_SETTINGS = new ToolFile(".aider.model.settings.yml", ToolFile.Kind.PLAIN);
    /** Context sizes and prices of models Aider does not know by itself. */
    static final ToolFile MODEL_METADATA = new ToolFile(".aider.model.metadata.json", ToolFile.Kind.PLAIN);

    /**
     * Installs {@code aider-chat} with pipx into {@code /opt/pipx}, its command in {@code /usr/local/bin} so that
     * every user finds it. pip gives up after one retry, so an unreachable package index costs seconds, not minutes.
     */
    private static final String INSTALL_SCRIPT = """
            if ! command -v pipx >/dev/null 2>&1; then
              echo "Aider needs pipx, which this image does not have"
              exit 1
            fi
            export PIPX_HOME=/opt/pipx PIPX_BIN_DIR=/usr/local/bin PIP_DEFAULT_TIMEOUT=20 PIP_RETRIES=1
            if ! pipx install aider-chat; then
              echo "pipx could not install aider-chat: is the Python package index (PyPI, or the index pip.conf names) reachable from the build?"
              exit 1
            fi
            aider --version
            """;

    @Override
    public String name() {
        return "aider";
    }

    @Override
    public String binary() {
        return "aider";
    }

    /**
     * Anthropic's API, whose models Aider uses when it finds their key; a user of another provider names its API in
     * {@code allowed_domains}.
     */
    @Override
    public List<String> allowedDomains() {
        return List.of("api.anthropic.com");
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.of(STATE_DIRECTORY);
    }

    /**
     * A shell runs Aider so that the history paths follow the session user's {@code $HOME}, and their folder
     * exists: Aider stops writing history it cannot open.
     */
    @Override
    public List<String> commandLine(ToolLaunch launch) {
        String script = "mkdir -p \"$HOME/" + STATE_DIRECTORY + "/history\" && exec " + binary()
                + (launch.permissionMode() == PermissionMode.BYPASS ? " --yes-always" : "")
                + " --chat-history-file \"$HOME/" + CHAT_HISTORY + "\""
                + " --input-history-file \"$HOME/" + INPUT_HISTORY + "\""
                + (launch.resume() ? " --restore-chat-history" : "");
        return List.of("sh", "-c", script);
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of();
    }

    @Override
    public List<ToolFile> hostFiles() {
        return List.of(CONFIG, MODEL_SETTINGS, MODEL_METADATA);
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }

    @Override
    public Optional<String> imageInstallScript() {
        return Optional.of(INSTALL_SCRIPT);
    }
}
