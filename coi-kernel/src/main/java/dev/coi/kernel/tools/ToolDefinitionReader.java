package dev.coi.kernel.tools;

import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads a tool declared as data: {@code NAME.toml}, the file name being the tool's name. Every problem of the file is
 * reported at once, each with its place, the key and how to fix it. The format:
 *
 * <pre>{@code
 * description = "My tool"                 # optional
 * binary = "mytool"                        # the executable, on the container's PATH
 * config_dir = ".mytool"                   # optional: its state folder in the home, saved and restored
 * env = ["MYTOOL_API_KEY"]                 # optional: host variables it receives when they are set
 * install = ["pipx install mytool"]        # optional: run as root by coi build; a failure skips the tool
 *                                          # (fails the build when it is tool.name)
 * instructions_file = ".mytool/AGENTS.md"  # optional: its global instructions file, where coi keeps a block
 *                                          # about the sandbox
 *
 * [command]
 * new = ["mytool", "--session", "{session_id}"]          # {session_id}: the coi session id
 * resume = ["mytool", "--resume", "{tool_session_id}"]   # optional (default: new); an argument holding
 *                                                        # {tool_session_id} is left out when none is known
 * resume_without_id = ["mytool", "--continue"]           # optional: resume when no id is known
 * [permission_mode]                        # optional: arguments added after the command line, per mode
 * bypass = ["--yes"]                       # tool.permission_mode = "bypass" (the default)
 * interactive = []                         # tool.permission_mode = "interactive"
 * [session_id]                             # optional, needs config_dir
 * newest = "sessions/*.json"               # newest match in the saved config_dir, named without its extension
 * match = "[0-9a-f-]{36}"                  # optional: the id is the last part of that name matching this
 *
 * [[files]]                                # optional, any number: host files it needs in the container
 * path = ".mytool/credentials.json"        # relative to the home
 * kind = "credentials"                     # credentials, settings (a JSON object, sandbox_settings merged over it)
 *                                          # or plain (copied as it is)
 * keys = ["theme", "model"]                # settings only, optional: the top-level keys of the user's file
 *                                          # carried in; none when left out (the sandbox settings alone)
 * [sandbox_settings]                       # optional: merged over every settings file
 * confirm = false
 * }</pre>
 */
public final class ToolDefinitionReader {

    /** A tool name, as in {@code tool.NAME.env}. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
    private static final Set<String> TOP_KEYS = Set.of("description", "binary", "config_dir", "env", "install",
            "instructions_file", "command", "permission_mode", "session_id", "files", "sandbox_settings");

    private final String name;
    private final String file;
    private final Optional<Path> path;
    private final List<String> problems = new ArrayList<>();
    private TomlTable root;

    private ToolDefinitionReader(String name, String file, Optional<Path> path) {
        this.name = name;
        this.file = file;
        this.path = path;
    }

    /**
     * @param file a {@code NAME.toml}
     * @return the tool
     * @throws ToolDefinitionException with every problem of the file
     */
    public static DataDefinedTool read(Path file) throws ToolDefinitionException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".toml") ? fileName.substring(0, fileName.length() - ".toml".length()) : "";
        if (!NAME.matcher(name).matches()) {
            throw new ToolDefinitionException(file.toString(), List.of(file + ": the file name gives the tool's name,"
                    + " which must be lower case letters, digits, - and _ followed by .toml; rename it, for example to"
                    + " mytool.toml"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolDefinitionException(file.toString(), List.of(file + ": cannot read the file: "
                    + e.getMessage()));
        }
        return new ToolDefinitionReader(name, file.toString(), Optional.of(file)).read(text);
    }

    /**
     * A definition that is not a file of the user's, such as one that comes with coi.
     *
     * @param name the tool's name
     * @param source where the text comes from, for messages
     * @param text the definition
     * @return the tool
     * @throws ToolDefinitionException with every problem of the text
     */
    public static DataDefinedTool read(String name, String source, String text) throws ToolDefinitionException {
        return new ToolDefinitionReader(name, source, Optional.empty()).read(text);
    }

    private DataDefinedTool read(String text) throws ToolDefinitionException {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw new ToolDefinitionException(file, toml.errors().stream()
                    .map(error -> at(error.position()) + ": TOML syntax error: " + error.getMessage()).toList());
        }
        root = toml;
        for (String key : toml.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                problem(key, "unknown key; the keys are " + String.join(", ", TOP_KEYS.stream().sorted().toList()));
            }
        }
        String description = string(root, "description", false).orElse("declared in " + file);
        String binary = string(root, "binary", true).orElse("");
        Optional<String> configDirectory = string(root, "config_dir", false).flatMap(dir -> relative("config_dir", dir));
        List<String> environment = strings(root, "env", "an array of variable names like [\"MYTOOL_API_KEY\"]");
        environment.stream().filter(variable -> !ENV_NAME.matcher(variable).matches()).forEach(variable ->
                problem("env", "\"" + variable + "\" is not a variable name: use letters, digits and _"));
        List<String> install = strings(root, "install", "an array of shell commands like [\"pipx install mytool\"]");
        Optional<String> instructionsFile = string(root, "instructions_file", false)
                .flatMap(value -> relative("instructions_file", value));

        List<String> newCommand = List.of();
        List<String> resumeCommand = List.of();
        Optional<List<String>> resumeWithoutId = Optional.empty();
        Optional<TomlTable> command = table(root, "command", true);
        if (command.isPresent()) {
            unknownKeys(command.get(), "command", Set.of("new", "resume", "resume_without_id"));
            newCommand = commandLine(command.get(), "new", true);
            resumeCommand = command.get().contains("resume") ? commandLine(command.get(), "resume", false) : newCommand;
            if (command.get().contains("resume_without_id")) {
                resumeWithoutId = Optional.of(commandLine(command.get(), "resume_without_id", false));
            }
        }

        Map<PermissionMode, List<String>> permissionArguments = new EnumMap<>(PermissionMode.class);
        table(root, "permission_mode", false).ifPresent(modes -> {
            unknownKeys(modes, "permission_mode", Set.of("bypass", "interactive"));
            for (PermissionMode mode : PermissionMode.values()) {
                permissionArguments.put(mode, strings(modes, mode.word(), "permission_mode." + mode.word(),
                        "an array of arguments like [\"--yes\"]"));
            }
        });

        Optional<SessionIdGlob> sessionId = Optional.empty();
        Optional<TomlTable> sessionTable = table(root, "session_id", false);
        if (sessionTable.isPresent()) {
            unknownKeys(sessionTable.get(), "session_id", Set.of("newest", "match"));
            Optional<Pattern> match = string(sessionTable.get(), "match", false, "session_id.match")
                    .flatMap(this::pattern);
            sessionId = string(sessionTable.get(), "newest", true, "session_id.newest")
                    .flatMap(this::glob).map(glob -> new SessionIdGlob(glob.glob(), match));
            if (configDirectory.isEmpty()) {
                problem("session_id", "needs config_dir: the session id is looked for in the saved config_dir;"
                        + " add config_dir or remove [session_id]");
            }
        }
        List<ToolFile> files = files();
        Map<String, Object> sandboxSettings = table(root, "sandbox_settings", false)
                .map(table -> settings(table, "sandbox_settings")).orElse(Map.of());

        if (!problems.isEmpty()) {
            throw new ToolDefinitionException(file, problems);
        }
        return new DataDefinedTool(new DataDefinedTool.Definition(name, file, path, description, binary,
                configDirectory, install, instructionsFile, files, sandboxSettings, newCommand, resumeCommand,
                resumeWithoutId, permissionArguments, sessionId, environment));
    }

    private List<String> commandLine(TomlTable command, String key, boolean required) {
        String shown = "command." + key;
        if (!command.contains(key)) {
            if (required) {
                problem(shown, "missing; add the command line of a new session, like new = [\"mytool\"]");
            }
            return List.of();
        }
        List<String> argv = strings(command, key, shown, "an array of arguments like [\"mytool\", \"--yes\"]");
        if (argv.isEmpty()) {
            problem(shown, "empty; give at least the executable, like [\"mytool\"]");
        }
        for (String argument : argv) {
            Matcher placeholder = PLACEHOLDER.matcher(argument);
            while (placeholder.find()) {
                String found = placeholder.group();
                boolean known = found.equals(DataDefinedTool.SESSION_ID)
                        || found.equals(DataDefinedTool.TOOL_SESSION_ID) && key.equals("resume");
                if (!known) {
                    problem(shown, "unknown placeholder " + found + "; use {session_id}"
                            + (key.equals("resume") ? " or {tool_session_id}" : " ({tool_session_id} only in resume)"));
                }
            }
        }
        return argv;
    }

    private List<ToolFile> files() {
        if (!root.contains("files")) {
            return List.of();
        }
        if (!(root.get("files") instanceof TomlArray array) || !all(array, TomlTable.class)) {
            problem("files", "expected [[files]] tables with path and kind");
            return List.of();
        }
        List<ToolFile> files = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            TomlTable entry = array.getTable(i);
            String shown = "files[" + i + "]";
            unknownKeys(entry, shown, Set.of("path", "kind", "keys"));
            Optional<String> path = string(entry, "path", true, shown + ".path")
                    .flatMap(value -> relative(shown + ".path", value));
            Optional<String> kind = string(entry, "kind", true, shown + ".kind");
            Optional<ToolFile.Kind> parsed = kind.flatMap(value -> {
                try {
                    return Optional.of(ToolFile.Kind.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problem(entry, "kind", shown + ".kind", "\"" + value + "\" is not a kind: use credentials, settings"
                            + " or plain");
                    return Optional.empty();
                }
            });
            List<String> keys = strings(entry, "keys", shown + ".keys", "an array of top-level keys like"
                    + " [\"theme\", \"model\"]");
            if (!keys.isEmpty() && parsed.isPresent() && parsed.get() != ToolFile.Kind.SETTINGS) {
                problem(entry, "keys", shown + ".keys", "only a settings file carries keys; remove keys or use"
                        + " kind = \"settings\"");
            } else if (keys.stream().anyMatch(String::isBlank)) {
                problem(entry, "keys", shown + ".keys", "a key is blank; name the top-level keys to carry");
            } else if (path.isPresent() && parsed.isPresent()) {
                files.add(new ToolFile(path.get(), parsed.get(), Set.copyOf(keys)));
            }
        }
        return files;
    }

    /** A path relative to the home that stays inside it. */
    private Optional<String> relative(String key, String value) {
        try {
            Path path = Path.of(value);
            if (value.isEmpty() || path.isAbsolute() || path.normalize().startsWith("..") || value.contains("..")) {
                problem(key, "\"" + value + "\" must be a path relative to the home folder that stays inside it,"
                        + " like \".mytool\"");
                return Optional.empty();
            }
            return Optional.of(path.normalize().toString());
        } catch (InvalidPathException e) {
            problem(key, "\"" + value + "\" is not a path: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<SessionIdGlob> glob(String pattern) {
        try {
            if (pattern.startsWith("/") || pattern.contains("..")) {
                throw new IllegalArgumentException("it must be relative to config_dir");
            }
            return Optional.of(new SessionIdGlob(pattern));
        } catch (RuntimeException e) {
            problem("session_id.newest", "\"" + pattern + "\" is not a usable glob (" + e.getMessage()
                    + "); use a pattern relative to config_dir like \"sessions/*.json\"");
            return Optional.empty();
        }
    }

    private Optional<Pattern> pattern(String expression) {
        try {
            return Optional.of(Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            problem("session_id.match", "\"" + expression + "\" is not a regular expression (" + e.getDescription()
                    + "); use one like \"[0-9a-f-]{36}\"");
            return Optional.empty();
        }
    }

    private Map<String, Object> settings(TomlTable table, String shown) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            settings.put(key, settingsValue(table.get(List.of(key)), table, key, shown + "." + key));
        }
        return settings;
    }

    private Object settingsValue(Object value, TomlTable owner, String key, String shown) {
        if (value instanceof TomlTable nested) {
            return settings(nested, shown);
        }
        if (value instanceof TomlArray array) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                list.add(settingsValue(array.get(i), owner, key, shown + "[" + i + "]"));
            }
            return list;
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        problem(owner, key, shown, "a " + value.getClass().getSimpleName() + " has no JSON form; use strings,"
                + " numbers, booleans, arrays or tables");
        return "";
    }

    private Optional<TomlTable> table(TomlTable table, String key, boolean required) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                problem(key, "missing; add a [" + key + "] table");
            }
            return Optional.empty();
        }
        if (!(value instanceof TomlTable found)) {
            problem(key, "expected a table like [" + key + "]");
            return Optional.empty();
        }
        return Optional.of(found);
    }

    private Optional<String> string(TomlTable table, String key, boolean required) {
        return string(table, key, required, key);
    }

    private Optional<String> string(TomlTable table, String key, boolean required, String shown) {
        Object value = table.get(List.of(key));
        if (value == null) {
            if (required) {
                problem(shown, "missing; add " + key + " = \"...\"");
            }
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            problem(table, key, shown, "expected a non-empty string");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private List<String> strings(TomlTable table, String key, String expected) {
        return strings(table, key, key, expected);
    }

    private List<String> strings(TomlTable table, String key, String shown, String expected) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof TomlArray array) || !all(array, String.class)) {
            problem(table, key, shown, "expected " + expected);
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.getString(i));
        }
        return values;
    }

    /** TOML arrays may mix types. */
    private static boolean all(TomlArray array, Class<?> type) {
        for (int i = 0; i < array.size(); i++) {
            if (!type.isInstance(array.get(i))) {
                return false;
            }
        }
        return true;
    }

    private void unknownKeys(TomlTable table, String shown, Set<String> known) {
        for (String key : table.keySet()) {
            if (!known.contains(key)) {
                problem(table, key, shown + "." + key, "unknown key; the keys of " + shown + " are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private void problem(String key, String message) {
        problem(root, key.contains(".") ? key.substring(0, key.indexOf('.')) : key, key, message);
    }

    private void problem(TomlTable table, String key, String shown, String message) {
        TomlPosition position = table == null ? null : table.inputPositionOf(List.of(key));
        problems.add(at(position) + ": " + shown + ": " + message);
    }

    private String at(TomlPosition position) {
        return position == null ? file : file + ":" + position.line() + ":" + position.column();
    }
}
