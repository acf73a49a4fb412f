package dev.coi.kernel.sessions;

import dev.coi.api.AiTool;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AI tool for the session tests, shaped like Claude Code: a state directory {@code .tool} with credentials
 * and settings inside, and a settings file beside it. Its credentials are the text {@code valid-until:<instant>}.
 */
final class TestTool implements AiTool {

    static final String NAME = "testtool";
    static final ToolFile CREDENTIALS = new ToolFile(".tool/creds.json", ToolFile.Kind.CREDENTIALS);
    static final ToolFile SETTINGS = ToolFile.settings(".tool/settings.json", "model", "permissions", "skipPrompts");
    /** Names no keys: only the sandbox settings come in. */
    static final ToolFile STATE = new ToolFile(".tool.json", ToolFile.Kind.SETTINGS);
    static final ToolFile CONFIG = new ToolFile(".tool/config.yml", ToolFile.Kind.PLAIN);

    private final Optional<String> configDirectory;

    TestTool() {
        this(Optional.of(".tool"));
    }

    TestTool(Optional<String> configDirectory) {
        this.configDirectory = configDirectory;
    }

    static byte[] credentials(Instant validUntil) {
        return ("valid-until:" + validUntil).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String binary() {
        return "testtool";
    }

    @Override
    public Optional<String> configDirectory() {
        return configDirectory;
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        return List.of("testtool");
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of("skipPrompts", true, "permissions", Map.of("defaultMode", "bypass", "deny", List.of()));
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }

    @Override
    public List<ToolFile> hostFiles() {
        return List.of(CREDENTIALS, SETTINGS, STATE, CONFIG);
    }

    @Override
    public Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).strip();
        if (!file.equals(CREDENTIALS) || !text.startsWith("valid-until:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.substring("valid-until:".length())));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
