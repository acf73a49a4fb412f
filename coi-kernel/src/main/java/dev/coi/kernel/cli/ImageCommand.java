package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.images.CleanupPlan;
import dev.coi.kernel.images.ImageService;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "image", description = "Look at, publish and remove local images.",
        subcommands = {ImageCommand.ListImages.class, ImageCommand.Publish.class, ImageCommand.Exists.class,
            ImageCommand.Delete.class, ImageCommand.Cleanup.class})
final class ImageCommand {

    private ImageCommand() {
    }

    @Command(name = "list", description = "List coi images, or with --all every local image.")
    static final class ListImages extends KernelCommand {
        @Option(names = {"-a", "--all"}, description = "Show every local image, not only coi's.") private boolean all;
        @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only images with an alias starting with PREFIX.")
        private String prefix;
        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
                completionCandidates = Candidates.TableOrJson.class,
                        description = "table or json (default: ${DEFAULT-VALUE})")
        private String format;

        @Override
        public Integer call() throws Exception {
            boolean json = switch (format.toLowerCase(Locale.ROOT)) {
                case "table", "text" -> false;
                case "json" -> true;
                default -> throw CoiException.usage("invalid format '" + format + "': must be 'table' or 'json'");
            };
            if (json) {
                context.output().json(ImageRow.of(context.images().images().list(), prefix, all).stream()
                        .map(ImageRow::json).toList());
                return ExitCodes.OK;
            }
            ImageListing.of(context.images().images(), prefix, all).forEach(context.output()::data);
            return ExitCodes.OK;
        }
    }

    @Command(name = "exists", description = "Exit 0 if an image has this alias, 1 if none has; prints nothing.")
    static final class Exists extends KernelCommand {
        @Parameters(index = "0", paramLabel = "ALIAS") private String alias;

        @Override
        public Integer call() throws Exception {
            return context.images().images().exists(alias) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "delete", description = "Delete the image an alias points to.")
    static final class Delete extends KernelCommand {
        @Parameters(index = "0", paramLabel = "ALIAS") private String alias;

        @Override
        public Integer call() throws Exception {
            context.images().images().delete(alias);
            context.output().info("Image " + alias + " deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "publish", description = {"Make an image of a container under a new alias.",
        "Prints {\"alias\", \"fingerprint\"}. A running container is stopped first (Incus publishes only stopped ones); it is never"
            + " deleted."})
    static final class Publish extends KernelCommand {
        @Parameters(index = "0", paramLabel = "CONTAINER") private String container;
        @Parameters(index = "1", paramLabel = "ALIAS") private String alias;
        @Option(names = "--description", paramLabel = "TEXT", description = "The image's description.")
        private String description;

        @Override
        public Integer call() throws Exception {
            ImageService.Published published = context.images().images().publish(container, alias, description);
            if (published.stoppedContainer()) {
                context.output().info("Container " + container + " stays stopped: 'coi container start " + container
                        + "' starts it again");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alias", published.alias());
            json.put("fingerprint", published.fingerprint());
            context.output().json(json);
            return ExitCodes.OK;
        }
    }

    @Command(name = "cleanup", description = {"Delete old versions of an image, keeping the newest N.",
        "Versions are the aliases PREFIX...-YYYYMMDD-HHMMSS. An image that another alias still names (like coi) is never deleted."})
    static final class Cleanup extends KernelCommand {
        @Parameters(index = "0", paramLabel = "PREFIX") private String prefix;
        @Option(names = "--keep", required = true, paramLabel = "N", description = "How many of the newest to keep.")
        private int keep;

        @Override
        public Integer call() throws Exception {
            if (keep <= 0) {
                throw CoiException.usage("--keep must be > 0");
            }
            CleanupPlan plan = context.images().images().cleanup(prefix, keep);
            Output output = context.output();
            output.info("Cleanup complete:");
            if (!plan.deleted().isEmpty()) {
                output.info("");
                output.info("Deleted " + plan.deleted().size() + " old version(s):");
                plan.deleted().forEach(version -> version.versions().forEach(alias -> output.info("  - " + alias)));
            }
            if (!plan.kept().isEmpty()) {
                output.info("");
                output.info("Kept " + plan.kept().size() + " recent version(s):");
                plan.kept().forEach(version -> version.versions().forEach(alias -> output.info("  - " + alias
                        + (version.heldBy().isEmpty() ? "" : " (also named " + String.join(", ", version.heldBy())
                        + ")"))));
            }
            return ExitCodes.OK;
        }
    }
}
