package dev.coi.kernel.cli;

import dev.coi.kernel.Kernel;
import java.io.BufferedReader;

/**
 * What every command receives: the kernel's services, where to write, and where answers to questions come from.
 *
 * @param kernel the kernel
 * @param output standard output and error
 * @param input standard input, read only for confirmations
 */
record CommandContext(Kernel kernel, Output output, BufferedReader input) {

    /** Asks a yes/no question, unless {@code force} answers it already. */
    boolean confirmed(boolean force, String question) {
        return force || new Confirmation(input, output).ask(question);
    }
}
