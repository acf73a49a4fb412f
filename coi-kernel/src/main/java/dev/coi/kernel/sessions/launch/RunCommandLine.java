package dev.coi.kernel.sessions.launch;

import java.util.List;

/**
 * What {@code coi run} executes for the words it was given. Several words are a program and its arguments, run
 * as they are, without a shell, so that no argument is split or expanded again. One word that a shell would read
 * as more than a program name ({@code coi run "npm install && npm test"}, a script of several lines) is a shell
 * command and runs with {@code bash -c}: the reference tool's README shows that use, which its code did not
 * support (it looked for a program named after the whole text).
 */
public final class RunCommandLine {

    private RunCommandLine() {
    }

    /**
     * @param words the words after {@code coi run}'s own flags; not empty
     * @return the command to execute
     */
    public static List<String> of(List<String> words) {
        if (words.size() == 1 && !ShellQuoting.quote(words.getFirst()).equals(words.getFirst())) {
            return List.of("bash", "-c", words.getFirst());
        }
        return List.copyOf(words);
    }
}
