package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The reference tool's older name of {@code coi image list}, which scripts still call. */
@Command(name = "images", description = {"List coi images, or with --all every local image.", "The same as 'coi image list'."})
final class ImagesCommand extends KernelCommand {

    @Option(names = {"-a", "--all"}, description = "Show every local image, not only coi's.")
    private boolean all;

    @Override
    public Integer call() throws Exception {
        ImageListing.of(context.images().images(), null, all).forEach(context.output()::data);
        return ExitCodes.OK;
    }
}
