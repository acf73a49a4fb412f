package dev.coi.kernel.snapshots;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which container a snapshot command works on: {@code --container} (which must exist), else
 * {@code $COI_CONTAINER} (which must exist), else the one session container of the current workspace.
 */
final class ContainerChoice {

    /** The environment variable naming the container, as inside a coi container's own shell scripts. */
    static final String VARIABLE = "COI_CONTAINER";

    private final Predicate<String> exists;
    private final Supplier<List<String>> allNames;
    private final ContainerNames names;

    /**
     * @param exists whether an instance of that name exists
     * @param allNames the names of every instance
     */
    ContainerChoice(Predicate<String> exists, Supplier<List<String>> allNames, ContainerNames names) {
        this.exists = exists;
        this.allNames = allNames;
        this.names = names;
    }

    String choose(Optional<String> flag, Optional<String> variable, Path workspace) {
        if (flag.isPresent()) {
            return existing(flag.get(), "");
        }
        Optional<String> fromEnvironment = variable.filter(value -> !value.isBlank());
        if (fromEnvironment.isPresent()) {
            return existing(fromEnvironment.get(), " (named by " + VARIABLE + ")");
        }
        String hash = ContainerNames.workspaceHash(workspace);
        List<String> ofWorkspace = allNames.get().stream()
                .filter(name -> names.parse(name).filter(parsed -> parsed.workspaceHash().equals(hash)).isPresent())
                .sorted()
                .toList();
        if (ofWorkspace.isEmpty()) {
            throw CoiException.failure("no COI containers found for current workspace - use --container to specify");
        }
        if (ofWorkspace.size() > 1) {
            throw CoiException.failure("multiple COI containers found for workspace, use --container to specify: "
                    + String.join(", ", ofWorkspace));
        }
        return ofWorkspace.getFirst();
    }

    private String existing(String name, String source) {
        if (!exists.test(name)) {
            throw CoiException.failure("container '" + name + "' not found" + source
                    + " - 'coi list' shows the session containers, 'incus list' all containers");
        }
        return name;
    }
}
