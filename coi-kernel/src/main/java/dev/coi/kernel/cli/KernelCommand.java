package dev.coi.kernel.cli;

import java.util.concurrent.Callable;

/**
 * A command that works with the kernel. Picocli creates it; {@link ContextFactory} then hands it the
 * {@link CommandContext}, so commands need no constructor of their own.
 */
abstract class KernelCommand implements Callable<Integer> {

    CommandContext context;
}
