package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Proof that a try did not start the user's command ({@code coi run}'s, or the tool started without tmux), so that
 * coi may start it again after Incus lost the try: the command runs through a wrapper that first creates a file of
 * a name new to this run, and only then becomes the command ({@code exec} keeps its exit code, terminal and
 * signals). No file after a failed try, no command.
 *
 * <p>The agent in the container may create that file itself, or keep the wrapper from creating it: both only keep
 * coi from trying again, which is safe. It may also remove the file once the command has started; that, too, only
 * matters when the try also ends with Incus's message that it lost the command, which on a terminal only Incus can
 * write; without a terminal the command can write it itself, and so ask to be run again, which gives it nothing it
 * could not do by itself.
 */
final class StartMarker {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Creates the file named by {@code $0}, and only when that worked runs the command. */
    private static final String WRAPPER = ": > \"$0\" && exec \"$@\"";

    private final String path;
    private final Predicate<String> mayExist;
    private final Consumer<String> remove;

    /**
     * @param path the file's path in the container
     * @param mayExist whether there may be a file at a path: true also when that cannot be told
     * @param remove removes the file at a path, if any
     */
    StartMarker(String path, Predicate<String> mayExist, Consumer<String> remove) {
        this.path = path;
        this.mayExist = mayExist;
        this.remove = remove;
    }

    /**
     * A marker in the command user's home: {@code /tmp} is emptied while a new container boots, perhaps after
     * the command started.
     */
    static StartMarker in(ContainerRuntime incus, String container, String home) {
        String path = home.replaceAll("/+$", "") + "/.coi-started-" + HexFormat.of().toHexDigits(RANDOM.nextLong());
        return new StartMarker(path, file -> {
            try {
                incus.files().type(container, file);
                return true;
            } catch (IncusNotFoundException e) {
                return false;
            } catch (IncusException e) {
                return true;
            }
        }, file -> {
            try {
                incus.files().delete(container, file);
            } catch (IncusException e) {
                // a file of a few bytes in the user's home: not worth a warning
            }
        });
    }

    /** The command run through the wrapper. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, path));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether the command may have started: also when it cannot be told whether the file exists. */
    boolean mayHaveStarted() {
        return mayExist.test(path);
    }

    /** Removes the file, which would otherwise stay in a container that is kept, one for every run. */
    void remove() {
        remove.accept(path);
    }
}
