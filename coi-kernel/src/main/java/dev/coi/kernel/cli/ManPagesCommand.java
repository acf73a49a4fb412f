package dev.coi.kernel.cli;

import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.base.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes the man pages; the build runs it to put them into the distribution, hence hidden. */
@Command(name = "man-pages", hidden = true,
        description = "Write a man page (groff) for every command into a folder (run by the build).")
final class ManPagesCommand extends KernelCommand {

    @Parameters(paramLabel = "DIR", description = "the folder the pages go to, e.g. share/man/man1")
    private Path folder;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(folder);
        String version = BuildInfo.current().version();
        String date = LocalDate.now().toString();
        for (CommandSpec command : ManPage.commands(spec.root())) {
            ManPage page = new ManPage(command);
            Files.writeString(folder.resolve(page.name() + ".1"), page.render(version, date));
        }
        return ExitCodes.OK;
    }
}
