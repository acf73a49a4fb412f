package dev.coi.kernel.cli;

import dev.coi.api.CommandResult;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.network.SessionNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "container", description = "Low-level container operations on any Incus container.",
        subcommands = {
            ContainerCommand.Launch.class,
            ContainerCommand.Start.class,
            ContainerCommand.Stop.class,
            ContainerCommand.Freeze.class,
            ContainerCommand.Unfreeze.class,
            ContainerCommand.Delete.class,
            ContainerCommand.Exec.class,
            ContainerCommand.Exists.class,
            ContainerCommand.Running.class,
            ContainerCommand.Mount.class
        })
final class ContainerCommand {

    private ContainerCommand() {
    }

    @Command(name = "launch", description = {"Create and start a container from a local image.",
        "IMAGE is an alias or a fingerprint."})
    static final class Launch extends KernelCommand implements ConfigChoosing {
        @Parameters(index = "0", paramLabel = "IMAGE") private String image;
        @Parameters(index = "1", paramLabel = "NAME") private String name;
        @Option(names = "--ephemeral", description = "Delete the container when it stops.") private boolean ephemeral;
        @Option(names = "--target", paramLabel = "MEMBER", description = TargetOption.DESCRIPTION) private String target;

        @Override
        public List<FlagOverride> configOverrides() {
            return TargetOption.override(target).stream().toList();
        }

        @Override
        public Integer call() throws Exception {
            context.requireConsent(Set.of());
            context.sessions().containers().launch(image, name, ephemeral);
            context.output().info("Container " + name + " launched from " + image);
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", description = "Start a stopped container.")
    static final class Start extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;

        @Override
        public Integer call() throws Exception {
            // the network settings applied below come from the configuration, which a workspace file can loosen
            context.requireConsent(Set.of());
            SessionNetwork network = context.sessions().sessionNetwork();
            NetworkSettings settings = context.kernel().config().config().network();
            // a session container's rules go in before it boots when its address is known; else once it runs
            boolean inPlace = network.enforceLabelledBeforeStart(name, settings);
            context.sessions().containers().start(name);
            if (!inPlace) {
                network.enforceLabelled(name, settings);
            }
            context.output().info("Container " + name + " started");
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop a running container, gracefully unless --force.")
    static final class Stop extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;
        @Option(names = "--force", description = "Kill it at once instead of asking it to shut down.") private boolean force;

        @Override
        public Integer call() throws Exception {
            context.sessions().containers().stop(name, force);
            context.output().info("Container " + name + " stopped");
            return ExitCodes.OK;
        }
    }

    @Command(name = "freeze", description = "Freeze every process of a running container until unfreeze.")
    static final class Freeze extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;

        @Override
        public Integer call() throws Exception {
            context.sessions().containers().freeze(name);
            context.output().info("Container " + name + " frozen");
            return ExitCodes.OK;
        }
    }

    @Command(name = "unfreeze", description = "Let a frozen container go on (frozen by hand, or by --monitor).")
    static final class Unfreeze extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;

        @Override
        public Integer call() throws Exception {
            context.sessions().containers().unfreeze(name);
            context.output().info("Container " + name + " unfrozen");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a container; a running one only with --force.")
    static final class Delete extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;
        @Option(names = "--force", description = "Stop it first if it runs.") private boolean force;

        @Override
        public Integer call() throws Exception {
            context.sessions().containers().delete(name, force);
            context.output().info("Container " + name + " deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "exec", description = {
        "Run a command in a running container without a terminal.",
        "Without --capture its output goes to coi's stdout and stderr and coi exits with its exit code."})
    static final class Exec extends KernelCommand implements ServedByResident {
        @Parameters(index = "0", paramLabel = "NAME") private String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments; put -- before it.")
        private List<String> command;
        @Option(names = "--user", paramLabel = "UID", description = "Run as this user id (default: 0).") private Integer user;
        @Option(names = "--group", paramLabel = "GID", description = "Run as this group id (default: the user id).") private Integer group;
        @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Set an environment variable; repeatable.")
        private List<String> env = List.of();
        @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory (default: /workspace when it exists, else /).")
        private String cwd;
        @Option(names = "--capture", description = "Print {\"exit_code\",\"stdout\",\"stderr\"} as JSON and exit 0.")
        private boolean capture;
        @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Candidates.JsonOrRaw.class,
                description = "With --capture: json (default) or raw (stdout only, exit with the command's code).")
        private String format;

        @Override
        public Integer call() throws Exception {
            if (format != null && !capture) {
                throw CoiException.usage("--format flag requires --capture flag");
            }
            String chosen = format == null ? "json" : format.toLowerCase(Locale.ROOT);
            if (!chosen.equals("json") && !chosen.equals("raw")) {
                throw CoiException.usage("invalid format '" + format + "': must be 'json' or 'raw'");
            }
            int uid = user == null ? 0 : user;
            CommandResult result = context.sessions().containers().exec(name, command, uid, group == null ? uid : group,
                    cwd, environment());
            if (capture && chosen.equals("json")) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("exit_code", result.exitCode());
                json.put("stderr", result.stderr());
                json.put("stdout", result.stdout());
                context.output().json(json);
                return ExitCodes.OK;
            }
            context.output().raw(result.stdout());
            if (!capture) {
                context.output().err().print(result.stderr());
                context.output().err().flush();
            }
            return result.exitCode();
        }

        private Map<String, String> environment() {
            Map<String, String> variables = new LinkedHashMap<>();
            for (String entry : env) {
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw CoiException.usage("invalid --env '" + entry + "': expected KEY=VALUE");
                }
                variables.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
            return variables;
        }
    }

    @Command(name = "exists", description = "Exit 0 if the container exists, 1 if not; prints nothing.")
    static final class Exists extends KernelCommand implements ServedByResident {
        @Parameters(index = "0", paramLabel = "NAME") private String name;

        @Override
        public Integer call() throws Exception {
            return context.sessions().containers().exists(name) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "running", description = "Exit 0 when the container runs, 1 otherwise; prints nothing.")
    static final class Running extends KernelCommand implements ServedByResident {
        @Parameters(index = "0", paramLabel = "NAME") private String name;

        @Override
        public Integer call() throws Exception {
            return context.sessions().containers().running(name) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "mount", description = "Add a host directory to a container as a disk device.")
    static final class Mount extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;
        @Parameters(index = "1", paramLabel = "DEVICE") private String device;
        @Parameters(index = "2", paramLabel = "SOURCE") private Path source;
        @Parameters(index = "3", paramLabel = "PATH") private String path;
        @Option(names = "--shift", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Map host file owners into the container (idmapped mount; default: ${DEFAULT-VALUE}); never in a"
                        + " container with raw.idmap, such as coi's sessions.")
        private boolean shift;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(source)) {
                throw CoiException.usage("source " + source + " is not a directory on this host");
            }
            if (!path.startsWith("/")) {
                throw CoiException.usage("the path in the container must be absolute: " + path);
            }
            String absolute = source.toAbsolutePath().normalize().toString();
            boolean shifted = context.sessions().containers().mount(name, device, absolute, path, shift);
            if (shift && !shifted) {
                context.output().info("Not shifted: " + name + " maps its workspace owner to the code user"
                        + " (raw.idmap); files of that owner show as code's, others as nobody");
            }
            context.output().info("Disk mounted: " + absolute + " -> " + name + ":" + path);
            return ExitCodes.OK;
        }
    }
}
