package dev.coi.kernel.cli;

import java.util.List;

/**
 * A command the resident coi may run for its client: it reads no standard input, asks no question, attaches no
 * terminal, and depends on nothing of the process it runs in but the environment it is given (variables, home,
 * working directory). Everything else runs in a JVM of its own.
 */
public interface ServedByResident {

    /**
     * Whether this invocation, its options parsed, is one the resident may run.
     *
     * @param args the whole command line
     */
    default boolean servedWith(List<String> args) {
        return true;
    }
}
