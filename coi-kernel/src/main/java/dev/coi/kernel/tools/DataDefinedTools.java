package dev.coi.kernel.tools;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tools declared as data: those that come with coi ({@link BundledToolFiles}), then the tool folders'
 * ({@code /etc/coi/tools}, then the user's {@code ~/.config/coi/tools}): every {@code NAME.toml}; a later file
 * replaces an earlier one of the same name, so a user can change a tool coi ships. A broken file is reported and
 * skipped, never fatal.
 *
 * @param tools the usable tools, by name
 * @param problems the files that could not be used
 */
public record DataDefinedTools(List<DataDefinedTool> tools, List<ToolDefinitionException> problems) {

    public DataDefinedTools {
        tools = List.copyOf(tools);
        problems = List.copyOf(problems);
    }

    /**
     * @param bundled the class loader of coi and its bundled plugins, whose tool files come first
     * @param folders the tool folders, lowest precedence first; missing ones are skipped
     * @return what they declare
     */
    public static DataDefinedTools load(ClassLoader bundled, List<Path> folders) {
        Map<String, DataDefinedTool> byName = new TreeMap<>();
        Map<String, ToolDefinitionException> problems = new LinkedHashMap<>();
        List<DataDefinedTool> shipped = new ArrayList<>();
        List<ToolDefinitionException> shippedProblems = new ArrayList<>();
        BundledToolFiles.load(bundled, shipped, shippedProblems);
        shipped.forEach(tool -> byName.put(tool.name(), tool));
        shippedProblems.forEach(problem -> problems.put(problem.file(), problem));
        for (Path folder : folders) {
            for (Path file : tomlFiles(folder, problems)) {
                String name = file.getFileName().toString().replaceFirst("\\.toml$", "");
                try {
                    byName.put(name, ToolDefinitionReader.read(file));
                    problems.remove(name);
                } catch (ToolDefinitionException e) {
                    byName.remove(name);
                    problems.put(name, e);
                }
            }
        }
        return new DataDefinedTools(new ArrayList<>(byName.values()), new ArrayList<>(problems.values()));
    }

    private static List<Path> tomlFiles(Path folder, Map<String, ToolDefinitionException> problems) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.toml")) {
            entries.forEach(files::add);
        } catch (IOException e) {
            problems.put(folder.toString(), new ToolDefinitionException(folder.toString(), List.of(folder
                    + ": cannot list the tool folder: " + e.getMessage())));
        }
        files.sort(null);
        return files;
    }
}
