package dev.coi.kernel.health;

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

/** An AI tool whose credentials file holds the text {@code valid-until:<instant>}, or none at all. */
record CredentialsTool(List<ToolFile> hostFiles) implements AiTool {

    static final ToolFile CREDENTIALS = new ToolFile(".tool/creds.json", ToolFile.Kind.CREDENTIALS);

    static CredentialsTool withCredentials() {
        return new CredentialsTool(List.of(CREDENTIALS, new ToolFile(".tool/settings.json", ToolFile.Kind.SETTINGS)));
    }

    static byte[] validUntil(Instant instant) {
        return ("valid-until:" + instant).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "tool";
    }

    @Override
    public String binary() {
        return "tool";
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.of(".tool");
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        return List.of("tool");
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of();
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith("valid-until:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.substring("valid-until:".length())));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
