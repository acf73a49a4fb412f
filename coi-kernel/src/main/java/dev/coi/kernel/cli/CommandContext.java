package dev.coi.kernel.cli;

import dev.coi.kernel.Kernel;

/**
 * What every command receives: the kernel's services and where to write.
 *
 * @param kernel the kernel
 * @param output standard output and error
 */
record CommandContext(Kernel kernel, Output output) {
}
