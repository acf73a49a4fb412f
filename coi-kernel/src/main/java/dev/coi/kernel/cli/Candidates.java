package dev.coi.kernel.cli;

import dev.coi.api.AiTool;
import dev.coi.api.NetworkMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** What the completion scripts offer as the values of flags whose values coi knows. */
final class Candidates {

    private Candidates() {
    }

    /** {@code --network}. */
    static final class NetworkModes extends ArrayList<String> {
        NetworkModes() {
            super(Arrays.stream(NetworkMode.values()).map(NetworkMode::configName).toList());
        }
    }

    /** {@code --format} of the commands that print text or JSON. */
    static final class TextOrJson extends ArrayList<String> {
        TextOrJson() {
            super(List.of("text", "json"));
        }
    }

    /** {@code --format} of {@code coi image list}. */
    static final class TableOrJson extends ArrayList<String> {
        TableOrJson() {
            super(List.of("table", "json"));
        }
    }

    /** {@code --format} of {@code coi container exec --capture}. */
    static final class JsonOrRaw extends ArrayList<String> {
        JsonOrRaw() {
            super(List.of("json", "raw"));
        }
    }

    /** {@code --format} of {@code coi run}, which knows only the one. */
    static final class Pretty extends ArrayList<String> {
        Pretty() {
            super(List.of("pretty"));
        }
    }

    /**
     * {@code --tool}: the AI tools of the bundled and installed plugins and of tool files, as they are when the
     * completion script is made. Looked up only then ({@link ContextFactory} hands over the context), not when a
     * command line is parsed.
     */
    static final class ToolNames implements Iterable<String> {

        CommandContext context;

        @Override
        public Iterator<String> iterator() {
            TreeSet<String> names = new TreeSet<>();
            if (context != null) {
                context.kernel().plugins().plugins().forEach(plugin -> plugin.extensions().stream()
                        .filter(AiTool.class::isInstance).map(AiTool.class::cast)
                        .forEach(tool -> names.add(tool.name())));
            }
            return names.iterator();
        }
    }
}
