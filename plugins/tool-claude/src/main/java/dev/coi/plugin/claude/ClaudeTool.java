package dev.coi.plugin.claude;

import dev.coi.api.AiTool;
import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Claude Code, started with its permission prompts off: the container is the sandbox. */
public final class ClaudeTool implements AiTool {

    /** Claude Code keeps the conversations of a project under a folder named after its path. */
    private static final Path WORKSPACE_CONVERSATIONS = Path.of("projects", "-workspace");

    /** The OAuth login of Claude Code on Linux (on macOS it is in the keychain, which coi cannot carry). */
    static final ToolFile CREDENTIALS = new ToolFile(".claude/.credentials.json", ToolFile.Kind.CREDENTIALS);
    /**
     * The user's settings, of which only preferences come in: the model and how it thinks ({@code model},
     * {@code effortLevel}, {@code alwaysThinkingEnabled}, {@code outputStyle}, {@code language}), the look
     * ({@code theme}, {@code editorMode}, {@code spinnerTipsEnabled}), {@code includeCoAuthoredBy},
     * {@code cleanupPeriodDays} and the login restrictions ({@code forceLoginMethod}, {@code forceLoginOrgUUID}).
     * Left on the host: {@code env} (cloud keys, tokens), the commands Claude Code would run ({@code apiKeyHelper},
     * {@code awsAuthRefresh}, {@code awsCredentialExport}, {@code otelHeadersHelper}, {@code hooks},
     * {@code statusLine}), MCP servers, plugins and marketplaces, and {@code permissions}, whose rules and
     * {@code additionalDirectories} were written for the host (in the container the sandbox's permissions apply).
     */
    static final ToolFile SETTINGS = ToolFile.settings(".claude/settings.json",
            "model", "effortLevel", "alwaysThinkingEnabled", "outputStyle", "language",
            "theme", "editorMode", "spinnerTipsEnabled",
            "includeCoAuthoredBy", "cleanupPeriodDays", "forceLoginMethod", "forceLoginOrgUUID");
    /**
     * Claude Code's global state, of which only what lets it start without onboarding and logged in comes in:
     * {@code hasCompletedOnboarding}, {@code lastOnboardingVersion}, {@code theme}, the account it is logged in
     * with ({@code userID}, {@code oauthAccount}, and {@code primaryApiKey}, a Console login kept here rather than
     * in the credentials file), and display preferences ({@code editorMode}, {@code verbose},
     * {@code autoCompactEnabled}, {@code preferredNotifChannel}). Left on the host: {@code mcpServers} with their
     * tokens, {@code projects} (every other project of the user with its history and trust), {@code env} and the
     * rest.
     */
    static final ToolFile STATE = ToolFile.settings(".claude.json",
            "hasCompletedOnboarding", "lastOnboardingVersion", "theme", "userID", "oauthAccount", "primaryApiKey",
            "editorMode", "verbose", "autoCompactEnabled", "preferredNotifChannel");
    /** Carried over as the reference tool does; older Claude Code versions kept preferences there. */
    static final ToolFile CONFIG = new ToolFile(".claude/config.yml", ToolFile.Kind.PLAIN);

    /** Far more than a credentials file needs; bigger content is not credentials. */
    private static final int MAX_CREDENTIALS_SIZE = 64 * 1024;

    /** The install script of {@code coi build}, a resource of this package. */
    static final String INSTALL_SCRIPT = "image-install.sh";

    @Override
    public String name() {
        return "claude";
    }

    @Override
    public String binary() {
        return "claude";
    }

    /**
     * Claude's API, and the console where Claude Code logs in; they follow the kernel's own entries (public DNS, the
     * npm registries) in the default allowlist.
     */
    @Override
    public List<String> allowedDomains() {
        return List.of("api.anthropic.com", "platform.claude.com");
    }

    @Override
    public Optional<String> defaultModel() {
        return Optional.of("claude-sonnet-4-5");
    }

    /** The distribution's default tool, as Claude Code is the reference tool's only one. */
    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.of(".claude");
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        // the command line's mode wins over the defaultMode of the sandbox settings
        String mode = launch.permissionMode() == PermissionMode.BYPASS ? "bypassPermissions" : "default";
        List<String> argv = new ArrayList<>(List.of(binary(), "--verbose", "--permission-mode", mode));
        if (!launch.resume()) {
            argv.addAll(List.of("--session-id", launch.coiSessionId()));
        } else {
            argv.add("--resume");
            launch.toolSessionId().ifPresent(argv::add);
        }
        return List.copyOf(argv);
    }

    @Override
    public Optional<String> instructionsFile() {
        return Optional.of(".claude/CLAUDE.md");
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of(
                "allowDangerouslySkipPermissions", true,
                "bypassPermissionsModeAccepted", true,
                "permissions", Map.of("defaultMode", "bypassPermissions"));
    }

    @Override
    public List<ToolFile> hostFiles() {
        return List.of(CREDENTIALS, SETTINGS, STATE, CONFIG);
    }

    /**
     * Installs Claude Code with npm from the npm registry, checks that Node.js is new enough, and records the
     * version in the image ({@code claude_code} in {@code /etc/coi-image}).
     */
    @Override
    public Optional<String> imageInstallScript() {
        return Optional.of(InstallScript.TEXT);
    }

    /**
     * Valid credentials are a JSON object whose {@code claudeAiOauth} holds a non-empty {@code accessToken}
     * and an {@code expiresAt} in epoch milliseconds; they are good until then (Claude Code renews the access
     * token with the refresh token, so the one that expires last is the freshest login).
     */
    @Override
    public Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
        if (!file.equals(CREDENTIALS) || content.length > MAX_CREDENTIALS_SIZE) {
            return Optional.empty();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            if (!(StrictJson.parse(text) instanceof Map<?, ?> root)
                    || !(root.get("claudeAiOauth") instanceof Map<?, ?> oauth)
                    || !(oauth.get("accessToken") instanceof String token) || token.isBlank()
                    || !(oauth.get("expiresAt") instanceof BigDecimal expiresAt) || expiresAt.signum() <= 0) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochMilli(expiresAt.longValueExact()));
        } catch (CharacterCodingException | IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The most recently written conversation of the workspace, so that resuming continues where the user
     * stopped even when the saved state holds several conversations.
     */
    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        Path conversations = savedStateDirectory.resolve(WORKSPACE_CONVERSATIONS);
        if (!realFolders(savedStateDirectory, WORKSPACE_CONVERSATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(conversations)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                    .max(Comparator.comparing(ClaudeTool::modified).thenComparing(Path::getFileName))
                    .map(file -> file.getFileName().toString().replaceFirst("\\.jsonl$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list saved conversations in " + conversations, e);
        }
    }

    /**
     * Whether the folder and every folder on the way to {@code relative} below it are folders and no links: the
     * saved state came out of the container with the links the agent made, and their targets are host paths. The
     * saved state is written by coi alone once saved, so what is checked here stays so.
     */
    private static boolean realFolders(Path folder, Path relative) {
        Path current = folder;
        if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path name : relative) {
            current = current.resolve(name);
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read on first use, once. */
    private static final class InstallScript {

        static final String TEXT = read();

        private static String read() {
            try (InputStream in = ClaudeTool.class.getResourceAsStream(INSTALL_SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(INSTALL_SCRIPT + " is missing from the tool-claude jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + INSTALL_SCRIPT + " from the tool-claude jar", e);
            }
        }
    }
}
