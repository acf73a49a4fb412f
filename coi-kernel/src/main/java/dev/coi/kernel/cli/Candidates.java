package dev.coi.kernel.cli;

import dev.coi.api.AiTool;
import dev.coi.api.NetworkMode;
import dev.coi.api.PermissionMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Model.ArgSpec;

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

    /** {@code --permission-mode}. */
    static final class PermissionModes extends ArrayList<String> {
        PermissionModes() {
            super(Arrays.stream(PermissionMode.values()).map(PermissionMode::word).toList());
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

    /**
     * Values that change while the script is in use, or with the folder it is used in: the scripts ask coi for them at
     * each completion (the resident answers fast). Empty in the model; each script has a function per kind.
     */
    enum Live {
        /** The session containers: {@code "name"} in {@code coi list}. */
        CONTAINERS("containers") {
            @Override
            String pipeline(String root) {
                return listed(root, "", "name");
            }
        },
        /** The saved sessions: {@code "id"} in {@code coi list --all}. */
        SESSIONS("sessions") {
            @Override
            String pipeline(String root) {
                return listed(root, " --all", "id");
            }
        },
        /** The profiles of the configuration in the folder completed in: {@link CandidatesCommand}. */
        PROFILES("profiles") {
            @Override
            String pipeline(String root) {
                return root + " " + CandidatesCommand.NAME + " " + CandidatesCommand.PROFILES + " 2>/dev/null";
            }
        };

        private final String kind;

        Live(String kind) {
            this.kind = kind;
        }

        /** The name of the script's function that prints them, one a line, e.g. {@code __coi_containers}. */
        String function(String root) {
            return "__" + root + "_" + kind;
        }

        /**
         * A POSIX shell pipeline printing them, one a line; nothing when coi cannot tell them (no Incus, a config
         * that does not load).
         */
        abstract String pipeline(String root);

        private static String listed(String root, String listFlags, String jsonKey) {
            return root + " list" + listFlags + " --format json 2>/dev/null | sed -n 's/^ *\"" + jsonKey
                    + "\" *: *\"\\([^\"]*\\)\".*/\\1/p'";
        }

        static Optional<Live> of(ArgSpec arg) {
            Object candidates = arg.completionCandidates();
            if (candidates instanceof ContainerNames) {
                return Optional.of(CONTAINERS);
            }
            if (candidates instanceof SessionIds) {
                return Optional.of(SESSIONS);
            }
            return candidates instanceof ProfileNames ? Optional.of(PROFILES) : Optional.empty();
        }
    }

    /** Marks an argument that names a session container. */
    static final class ContainerNames extends ArrayList<String> {
    }

    /** Marks an argument that names a saved session. */
    static final class SessionIds extends ArrayList<String> {
    }

    /** Marks an argument that names a profile of the configuration. */
    static final class ProfileNames extends ArrayList<String> {
    }
}
