package dev.coi.kernel.tools;

import java.nio.file.Path;
import java.util.List;

/** A tool file that cannot be used, with every problem found in it. */
public final class ToolDefinitionException extends Exception {

    private final Path file;
    private final List<String> problems;

    ToolDefinitionException(Path file, List<String> problems) {
        super(String.join("\n", problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return each problem with its place ({@code FILE:LINE:COLUMN: key: what is wrong; how to fix it}) */
    public List<String> problems() {
        return problems;
    }
}
