package dev.coi.kernel.tools;

import dev.coi.api.ToolFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * [command]
 * new = ["mytool", "--session", "{session_id}"]          # {session_id}: the coi session id
 * resume = ["mytool", "--resume", "{tool_session_id}"]   # optional (default: new); an argument holding
 *                                                        # {tool_session_id} is left out when none is known
 * [session_id]                             # optional, needs config_dir
 * newest = "sessions/*.json"               # newest match in the saved config_dir, named without its extension
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
            "command", "session_id", "files", "sandbox_settings");

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private TomlTable root;

    private ToolDefinitionReader(Path file) {
        this.file = file;
    }

    /**
     * @param file a {@code NAME.toml}
     * @return the tool
     * @throws ToolDefinitionException with every problem of the file
     */
    public static DataDefinedTool read(Path file) throws ToolDefinitionException {
        return new ToolDefinitionReader(file).read();
    }

    private DataDefinedTool read() throws ToolDefinitionException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".toml") ? fileName.substring(0, fileName.length() - ".toml".length()) : "";
        if (!NAME.matcher(name).matches()) {
            throw new ToolDefinitionException(file, List.of(file + ": the file name gives the tool's name, which must"
                    + " be lower case letters, digits, - and _ followed by .toml; rename it, for example to mytool.toml"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolDefinitionException(file, List.of(file + ": cannot read the file: " + e.getMessage()));
        }
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

        List<String> newCommand = List.of();
        List<String> resumeCommand = List.of();
        Optional<TomlTable> command = table(root, "command", true);
        if (command.isPresent()) {
            unknownKeys(command.get(), "command", Set.of("new", "resume"));
            newCommand = commandLine(command.get(), "new", true);
            resumeCommand = command.get().contains("resume") ? commandLine(command.get(), "resume", false) : newCommand;
        }

        Optional<SessionIdGlob> sessionId = Optional.empty();
        Optional<TomlTable> sessionTable = table(root, "session_id", false);
        if (sessionTable.isPresent()) {
            unknownKeys(sessionTable.get(), "session_id", Set.of("newest"));
            sessionId = string(sessionTable.get(), "newest", true, "session_id.newest").flatMap(this::glob);
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
        return new DataDefinedTool(new DataDefinedTool.Definition(name, file, description, binary, configDirectory,
                install, files, sandboxSettings, newCommand, resumeCommand, sessionId, environment));
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
        return position == null ? file.toString() : file + ":" + position.line() + ":" + position.column();
    }
}
