package dev.coi.kernel.cli;

import dev.coi.kernel.wiring.Kernel;
import java.io.BufferedReader;

/**
 * What every command receives: the kernel's services, where to write, and where answers to questions come from.
 *
 * @param kernel the kernel
 * @param output standard output and error
 * @param input standard input, read only for confirmations
 * @param terminal whether a person answers: standard input and standard error are a terminal. Questions that must
 *                 not be answered by a script (consent to a workspace's config) are only asked then.
 */
record CommandContext(Kernel kernel, Output output, BufferedReader input, boolean terminal) {

    /** A context without a terminal, as for a script or a test. */
    CommandContext(Kernel kernel, Output output, BufferedReader input) {
        this(kernel, output, input, false);
    }

    /** Asks a yes/no question, unless {@code force} answers it already. */
    boolean confirmed(boolean force, String question) {
        return force || new Confirmation(input, output).ask(question);
    }
}
