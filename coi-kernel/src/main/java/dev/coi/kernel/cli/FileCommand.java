package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.files.FileTransferService.Copied;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "file", description = "Copy files and directories between the host and a container.",
        subcommands = {FileCommand.Push.class, FileCommand.Pull.class})
final class FileCommand {

    private FileCommand() {
    }

    /**
     * A {@code container:path} argument.
     *
     * @param container the container name
     * @param path the absolute path in it
     */
    record ContainerPath(String container, String path) {

        static ContainerPath parse(String argument, String role) {
            int colon = argument.indexOf(':');
            if (colon <= 0 || colon == argument.length() - 1) {
                throw CoiException.usage(role + " must be in format 'container:path', got '" + argument + "'");
            }
            return new ContainerPath(argument.substring(0, colon), argument.substring(colon + 1));
        }
    }

    @Command(name = "push", description = {
        "Copy a host file (or with -r a directory) into a container.",
        "Permission bits are kept; the owner is the host file's unless --uid/--gid say otherwise. A destination"
            + " ending in / receives the copy inside it."})
    static final class Push extends KernelCommand {
        @Parameters(index = "0", paramLabel = "LOCAL") private Path source;
        @Parameters(index = "1", paramLabel = "CONTAINER:PATH") private String destination;
        @Option(names = {"-r", "--recursive"}, description = "Copy a directory with everything in it.") private boolean recursive;
        @Option(names = "--uid", paramLabel = "UID", description = "Owner in the container.") private Integer uid;
        @Option(names = "--gid", paramLabel = "GID", description = "Group in the container.") private Integer gid;

        @Override
        public Integer call() throws Exception {
            ContainerPath target = ContainerPath.parse(destination, "destination");
            Copied copied = context.sessions().files().push(source, target.container(), target.path(), recursive, uid, gid);
            context.output().info("Pushed " + (copied.directory() ? "directory " : "file ") + source + " -> "
                    + target.container() + ":" + copied.destination());
            return ExitCodes.OK;
        }
    }

    @Command(name = "pull", description = {
        "Copy a file (or with -r a directory) out of a container.",
        "Permission bits are kept. An existing host directory receives the copy inside it; anything else at the destination is replaced only"
            + " after the copy is complete, so a failed pull loses nothing."})
    static final class Pull extends KernelCommand {
        @Parameters(index = "0", paramLabel = "CONTAINER:PATH") private String source;
        @Parameters(index = "1", paramLabel = "LOCAL") private Path destination;
        @Option(names = {"-r", "--recursive"}, description = "Copy a directory with everything in it.") private boolean recursive;

        @Override
        public Integer call() throws Exception {
            ContainerPath origin = ContainerPath.parse(source, "source");
            Copied copied = context.sessions().files().pull(origin.container(), origin.path(), destination, recursive);
            context.output().info("Pulled " + (copied.directory() ? "directory " : "file ") + origin.container() + ":"
                    + origin.path() + " -> " + copied.destination());
            return ExitCodes.OK;
        }
    }
}
