package org.example.coi.hello;

import dev.coi.api.AiTool;
import dev.coi.api.ConfigOption;
import dev.coi.api.ConfigSection;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.ToolLaunch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for an AI coding assistant: it greets, names the coi session, and leaves a shell in the session's tmux
 * window. A real tool would name its program, install it into the image and resume its own sessions.
 *
 * <p>What it says first is the user's to choose: {@code greeting} in the {@code [hello]} section of a config file.
 */
final class HelloTool implements AiTool {

    static final ConfigOption<String> GREETING = ConfigOption.text("greeting", "hello from the hello plugin",
            "what the hello tool says first in a session")
            .checked("a line of at most 80 characters like \"hi there\"",
                    text -> !text.isBlank() && text.length() <= 80 && !text.contains("\n"));

    private ExtensionConfig config = ExtensionConfig.defaults();

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String binary() {
        return "bash";
    }

    @Override
    public Optional<String> configDirectory() {
        // nothing of it is saved between sessions
        return Optional.empty();
    }

    @Override
    public Optional<ConfigSection> configSection() {
        return Optional.of(ConfigSection.of("hello", GREETING));
    }

    @Override
    public void configure(ExtensionConfig values) {
        config = values;
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        String greeting = config.get(GREETING) + ", coi session " + launch.coiSessionId()
                + (launch.resume() ? " (resumed)" : "");
        // the greeting travels as an argument, never pasted into the script: no quoting problems
        return List.of("bash", "-c", "printf '%s\\n' \"$1\"; exec bash -l", "hello", greeting);
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of();
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }
}
