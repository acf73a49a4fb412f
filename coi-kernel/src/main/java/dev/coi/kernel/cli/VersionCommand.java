package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.base.BuildInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coi version}: the reference tool's two lines, which scripts read; the commit and the Java runtime are in
 * {@code --format json} and {@code coi --version}.
 */
@Command(name = "version", description = {"Show the version of coi.", "--format json adds the commit and the Java runtime."})
final class VersionCommand extends KernelCommand implements ServedByResident {

    /** The project page the reference tool names on its second line, which coi keeps compatible with. */
    static final String PROJECT_URL = "https://github.com/mensfeld/code-on-incus";

    @Option(names = "--format", completionCandidates = Candidates.TextOrJson.class, defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE})")
    private String format;

    /** The reference ignores words after {@code version}, so scripts that pass some keep working. */
    @Parameters(hidden = true, arity = "0..*")
    private List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() {
        BuildInfo build = BuildInfo.current();
        switch (Formats.textOrJson(format)) {
            case JSON -> {
                Map<String, String> json = new LinkedHashMap<>();
                json.put("version", build.version());
                json.put("commit", build.commit());
                json.put("java", Runtime.version().toString());
                json.put("url", PROJECT_URL);
                context.output().json(json);
            }
            case TEXT -> {
                context.output().data("code-on-incus (coi) v" + build.version());
                context.output().data(PROJECT_URL);
            }
        }
        return ExitCodes.OK;
    }
}
