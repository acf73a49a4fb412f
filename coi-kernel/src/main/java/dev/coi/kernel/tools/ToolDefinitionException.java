package dev.coi.kernel.tools;

import java.util.List;

/** A tool file that cannot be used, with every problem found in it. */
public final class ToolDefinitionException extends Exception {

    private final String file;
    private final List<String> problems;

    ToolDefinitionException(String file, List<String> problems) {
        super(String.join("\n", problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** @return the file, or where a definition that is no file comes from */
    public String file() {
        return file;
    }

    /** @return each problem with its place ({@code FILE:LINE:COLUMN: key: what is wrong; how to fix it}) */
    public List<String> problems() {
        return problems;
    }
}
