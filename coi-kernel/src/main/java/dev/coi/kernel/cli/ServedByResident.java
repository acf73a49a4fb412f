package dev.coi.kernel.cli;

/**
 * A command the resident coi may run for its client: it reads no standard input, asks no question, attaches no
 * terminal, and depends on nothing of the process it runs in but the environment it is given (variables, home,
 * working directory). Everything else runs in a JVM of its own.
 */
public interface ServedByResident {
}
