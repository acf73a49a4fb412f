package dev.coi.kernel.tools;

import dev.coi.api.AiTool;
import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An AI tool declared in a TOML file rather than by a plugin (see {@link ToolDefinitionReader} for the format). The
 * kernel treats it exactly as a plugin's tool; only {@link #environment()} is read by the kernel directly, since a
 * plugin's tool gets its variables from the user's {@code tool.NAME.env} alone.
 */
public final class DataDefinedTool implements AiTool {

    /** In a command line: the coi session id. */
    static final String SESSION_ID = "{session_id}";
    /** In the resume command line: the tool's own session id found in the saved state. */
    static final String TOOL_SESSION_ID = "{tool_session_id}";

    /** Far more than a credentials file needs; bigger content is not credentials. */
    private static final int MAX_CREDENTIALS_SIZE = 64 * 1024;

    private final Definition definition;

    /**
     * The parts of a definition, checked by {@link ToolDefinitionReader}.
     *
     * @param name the tool's name, the file's name without {@code .toml}
     * @param source where it was read from, for messages
     * @param file the user's or the system's file it was read from; empty for one that comes with coi
     * @param description one line about it
     * @param binary the executable
     * @param configDirectory its state directory relative to the home, saved and restored
     * @param install the commands {@code coi build} runs to install it
     * @param instructionsFile its global instructions file relative to the home
     * @param files the host files it needs in the container
     * @param sandboxSettings merged over what each settings file carries of the user's copy
     * @param newCommand the command line of a new session
     * @param resumeCommand the command line of a resumed session
     * @param resumeWithoutId the command line of a resumed session whose saved state holds no id of the tool;
     *                        empty for the resume command without the arguments that would carry the id
     * @param permissionArguments what is added to the command line in each permission mode
     * @param sessionIdGlob where its session id is found in the saved state directory
     * @param environment the host variables it receives when set
     */
    public record Definition(String name, String source, Optional<Path> file, String description, String binary,
            Optional<String> configDirectory, List<String> install, Optional<String> instructionsFile,
            List<ToolFile> files, Map<String, Object> sandboxSettings, List<String> newCommand,
            List<String> resumeCommand, Optional<List<String>> resumeWithoutId,
            Map<PermissionMode, List<String>> permissionArguments,
            Optional<SessionIdGlob> sessionIdGlob, List<String> environment) {

        public Definition {
            Objects.requireNonNull(name, "name");
            install = List.copyOf(install);
            files = List.copyOf(files);
            sandboxSettings = Map.copyOf(sandboxSettings);
            newCommand = List.copyOf(newCommand);
            resumeCommand = List.copyOf(resumeCommand);
            resumeWithoutId = resumeWithoutId.map(List::copyOf);
            permissionArguments = Map.copyOf(permissionArguments);
            environment = List.copyOf(environment);
        }
    }

    DataDefinedTool(Definition definition) {
        this.definition = definition;
    }

    /** @return where the tool was declared, for messages */
    public String source() {
        return definition.source();
    }

    /** @return the user's or the system's file the tool was declared in; empty for one that comes with coi */
    public Optional<Path> file() {
        return definition.file();
    }

    /** @return one line about the tool */
    public String description() {
        return definition.description();
    }

    /** @return the host environment variables the tool receives when they are set */
    public List<String> environment() {
        return definition.environment();
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public String binary() {
        return definition.binary();
    }

    @Override
    public Optional<String> configDirectory() {
        return definition.configDirectory();
    }

    /**
     * The new or the resume command with the placeholders filled in. A resumed session whose saved state holds no
     * session id of the tool runs the command for that case, or else leaves out the arguments that would carry it
     * ({@code --resume {tool_session_id}} becomes {@code --resume}). The arguments of the permission mode come last.
     */
    @Override
    public List<String> commandLine(ToolLaunch launch) {
        List<String> template = !launch.resume() ? definition.newCommand()
                : launch.toolSessionId().isPresent() ? definition.resumeCommand()
                : definition.resumeWithoutId().orElse(definition.resumeCommand());
        List<String> argv = new ArrayList<>();
        for (String argument : template) {
            if (argument.contains(TOOL_SESSION_ID) && launch.toolSessionId().isEmpty()) {
                continue;
            }
            argv.add(argument.replace(SESSION_ID, launch.coiSessionId())
                    .replace(TOOL_SESSION_ID, launch.toolSessionId().orElse("")));
        }
        argv.addAll(definition.permissionArguments().getOrDefault(launch.permissionMode(), List.of()));
        return List.copyOf(argv);
    }

    @Override
    public Optional<String> instructionsFile() {
        return definition.instructionsFile();
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return definition.sandboxSettings();
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return definition.sessionIdGlob().flatMap(glob -> glob.newest(savedStateDirectory));
    }

    @Override
    public Optional<String> imageInstallScript() {
        return definition.install().isEmpty() ? Optional.empty()
                : Optional.of(String.join("\n", definition.install()) + "\n");
    }

    @Override
    public List<ToolFile> hostFiles() {
        return definition.files();
    }

    /**
     * coi cannot judge a declared tool's credentials: any non-empty file of a sensible size counts as valid with no
     * known end, so the host's copy is used, and a copy that came out of a container only when the host has none.
     */
    @Override
    public Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
        if (!definition.files().contains(file) || file.kind() != ToolFile.Kind.CREDENTIALS || content.length == 0
                || content.length > MAX_CREDENTIALS_SIZE || holdsNoValue(content)) {
            return Optional.empty();
        }
        return Optional.of(Instant.MAX);
    }

    /**
     * A file of structure alone ({@code {}}, {@code []}, {@code null}, empty keys): what a tool writes before anyone
     * logged in, which would otherwise stand for credentials from then on and hide the "not logged in" warning.
     */
    private static boolean holdsNoValue(byte[] content) {
        String values = new String(content, StandardCharsets.UTF_8).replaceAll("[\\s{}\\[\\]:,\"']", "");
        return values.isEmpty() || values.equals("null");
    }

    @Override
    public String toString() {
        return "tool " + name() + " (" + source() + ")";
    }
}
