package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.images.build.BuiltImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = {
    "Build the coi image (alias coi) that sessions run in.",
    "Each build is kept as version coi-YYYYMMDD-HHMMSS and coi is moved to it; a failed or interrupted build leaves"
        + " nothing behind and coi where it was.",
    "Bases (--base or build.base): auto (the default: the image base's remote image when its server answers within"
        + " 3 s, else offline), offline (made on this host, needs no internet), images:ALIAS"
        + " (downloaded by Incus, e.g. images:ubuntu/24.04), or a local image alias or fingerprint."},
        subcommands = BuildCommand.Custom.class)
final class BuildCommand extends KernelCommand {

    private static final String ALREADY_EXISTS = "Image already exists. Use --force to rebuild.";

    @Option(names = "--force", description = "Build even if the image exists.") private boolean force;
    @Option(names = "--base", paramLabel = "BASE", description = "What to build from: auto, offline, images:ALIAS or"
            + " a local image (default: build.base).")
    private String base;

    @Override
    public Integer call() throws Exception {
        context.requireConsent(base == null ? Set.of() : Set.of("build.base"));
        BuiltImage built = context.images().imageBuilds().buildCoi(Optional.ofNullable(base), force);
        Output output = context.output();
        if (built.skipped()) {
            output.info(ALREADY_EXISTS);
            return ExitCodes.OK;
        }
        output.info("Image '" + built.alias() + "' built successfully!");
        output.data("Version: " + built.version().orElseThrow());
        output.data("Fingerprint: " + built.fingerprint().orElseThrow());
        return ExitCodes.OK;
    }

    @Command(name = "custom", description = {
        "Build an image of your own from a script.",
        "coi runs the script FILE as root in a container from IMAGE, publishes it as"
            + " NAME-YYYYMMDD-HHMMSS and moves NAME to it. The script runs in /tmp/coi-build (COI_BUILD_DIR); its"
            + " output goes to stderr, {\"alias\", \"fingerprint\", \"skipped\"} to stdout."})
    static final class Custom extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME") private String name;
        @Option(names = "--script", required = true, paramLabel = "FILE", description = "The build script.")
        private Path script;
        @Option(names = "--base", paramLabel = "IMAGE", description = "A local image or images:ALIAS (default: coi).")
        private String base;
        @Option(names = "--force", description = "Build even if NAME exists.") private boolean force;

        @Override
        public Integer call() throws Exception {
            context.requireConsent(Set.of());
            BuiltImage built = context.images().imageBuilds()
                    .buildCustom(name, script, Optional.ofNullable(base), force);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alias", built.alias());
            built.fingerprint().ifPresent(fingerprint -> json.put("fingerprint", fingerprint));
            json.put("skipped", built.skipped());
            if (built.skipped()) {
                context.output().info(ALREADY_EXISTS);
            } else {
                context.output().info("Image '" + name + "' built successfully: version "
                        + built.version().orElseThrow());
            }
            context.output().json(json);
            return ExitCodes.OK;
        }
    }
}
