package dev.coi.kernel.cli;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.ExitCodes;
import dev.coi.kernel.images.ImageService;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "image", description = "Look at and remove local images.",
        subcommands = {ImageCommand.ListImages.class, ImageCommand.Exists.class, ImageCommand.Delete.class})
final class ImageCommand {

    static final String DEFAULT_IMAGE = "coi";

    private ImageCommand() {
    }

    @Command(name = "list", description = "List coi images, or with --all every local image.")
    static final class ListImages extends KernelCommand {
        private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
        @Option(names = {"-a", "--all"}, description = "Show every local image, not only coi's.") private boolean all;
        @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only images with an alias starting with PREFIX.")
        private String prefix;
        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table or json (default: ${DEFAULT-VALUE})")
        private String format;

        @Override
        public Integer call() throws Exception {
            boolean json = switch (format.toLowerCase(Locale.ROOT)) {
                case "table", "text" -> false;
                case "json" -> true;
                default -> throw CoiException.usage("invalid format '" + format + "': must be 'table' or 'json'");
            };
            List<ImageRow> rows = ImageRow.of(context.kernel().images().list(), prefix, all);
            if (json) {
                context.output().json(rows.stream().map(ImageRow::json).toList());
                return ExitCodes.OK;
            }
            printTable(rows, context.kernel().images());
            return ExitCodes.OK;
        }

        private void printTable(List<ImageRow> rows, ImageService images) {
            Output output = context.output();
            if (prefix == null && !all) {
                boolean built = images.exists(DEFAULT_IMAGE);
                output.data("COI images:");
                output.data(built ? "  coi (built)" : "  coi (not built: run 'coi build')");
                output.data("");
                output.data("Tip: use --all to see every local image, --prefix P for images whose alias starts with P.");
                return;
            }
            if (rows.isEmpty()) {
                output.data(prefix == null ? "No local images found" : "No images found with prefix '" + prefix + "'");
                return;
            }
            Table table = new Table("ALIAS", "FINGERPRINT", "SIZE", "CREATED", "DESCRIPTION");
            for (ImageRow row : rows) {
                table.row(row.aliases().isEmpty() ? "-" : String.join(", ", row.aliases()), row.image().fingerprint().substring(0, 12),
                        Sizes.human(row.image().size()),
                        row.image().createdAt().map(CREATED::format).orElse(""), row.image().description());
            }
            table.lines().forEach(output::data);
        }
    }

    @Command(name = "exists", description = "Exit 0 when an image has this alias, 1 when none has; prints nothing.")
    static final class Exists extends KernelCommand {
        @Parameters(index = "0", paramLabel = "ALIAS") private String alias;

        @Override
        public Integer call() throws Exception {
            return context.kernel().images().exists(alias) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "delete", description = "Delete the image an alias points to.")
    static final class Delete extends KernelCommand {
        @Parameters(index = "0", paramLabel = "ALIAS") private String alias;

        @Override
        public Integer call() throws Exception {
            context.kernel().images().delete(alias);
            context.output().info("Image " + alias + " deleted");
            return ExitCodes.OK;
        }
    }
}
