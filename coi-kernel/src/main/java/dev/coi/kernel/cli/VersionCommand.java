package dev.coi.kernel.cli;

import dev.coi.kernel.ExitCodes;
import dev.coi.kernel.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "version", description = "Show the version, the commit it was built from and the Java runtime.")
final class VersionCommand extends KernelCommand implements ServedByResident {

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    private String format;

    @Override
    public Integer call() {
        BuildInfo build = BuildInfo.current();
        String java = Runtime.version().toString();
        switch (Formats.textOrJson(format)) {
            case JSON -> {
                Map<String, String> json = new LinkedHashMap<>();
                json.put("version", build.version());
                json.put("commit", build.commit());
                json.put("java", java);
                context.output().json(json);
            }
            case TEXT -> {
                context.output().data("code-on-incus (coi) v" + build.version());
                context.output().data("commit: " + build.commit());
                context.output().data("java: " + java);
            }
        }
        return ExitCodes.OK;
    }
}
