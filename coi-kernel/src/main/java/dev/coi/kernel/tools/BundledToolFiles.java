package dev.coi.kernel.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tool files that come with coi: jars on coi's class path list theirs in {@value #INDEX}, one file name a line,
 * the files beside it. They are read like the user's, so every tool coi ships this way is one the format can
 * express.
 */
final class BundledToolFiles {

    /** The list of a jar's tool files. */
    static final String INDEX = "META-INF/coi/tools/index";

    private BundledToolFiles() {
    }

    /**
     * @param loader the class loader of coi and its bundled plugins
     * @param tools where each tool read goes
     * @param problems where each file that cannot be used goes
     */
    static void load(ClassLoader loader, List<DataDefinedTool> tools, List<ToolDefinitionException> problems) {
        List<URL> indexes;
        try {
            indexes = Collections.list(loader.getResources(INDEX));
        } catch (IOException e) {
            problems.add(new ToolDefinitionException(INDEX, List.of(INDEX + ": cannot list coi's tool files: "
                    + e.getMessage())));
            return;
        }
        for (URL index : indexes) {
            for (String fileName : fileNames(index, problems)) {
                String name = fileName.replaceFirst("\\.toml$", "");
                String source = "coi's " + fileName;
                try {
                    tools.add(ToolDefinitionReader.read(name, source, read(index, fileName)));
                } catch (ToolDefinitionException e) {
                    problems.add(e);
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(new ToolDefinitionException(source, List.of(source + ": cannot read it: "
                            + e.getMessage())));
                }
            }
        }
    }

    private static List<String> fileNames(URL index, List<ToolDefinitionException> problems) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : read(index, "index").split("\n")) {
                String name = line.strip();
                if (ToolDefinitionReader.NAME.matcher(name.replaceFirst("\\.toml$", "")).matches()
                        && name.endsWith(".toml")) {
                    names.add(name);
                } else if (!name.isEmpty() && !name.startsWith("#")) {
                    problems.add(new ToolDefinitionException(index.toString(), List.of(index + ": \"" + name
                            + "\" is not a tool file name like mytool.toml")));
                }
            }
        } catch (IOException e) {
            problems.add(new ToolDefinitionException(index.toString(), List.of(index + ": cannot read it: "
                    + e.getMessage())));
        }
        return names;
    }

    /** A file beside the index: jar URLs resolve relative names, their URIs do not. */
    @SuppressWarnings("deprecation")
    private static String read(URL index, String fileName) throws IOException {
        try (InputStream in = new URL(index, fileName).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
