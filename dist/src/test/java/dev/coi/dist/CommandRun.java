package dev.coi.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end with no terminal and no input, as a script runs coi: its exit code and what it wrote.
 *
 * @param command what ran
 * @param exitCode its exit code
 * @param out its standard output
 * @param err its standard error
 */
record CommandRun(List<String> command, int exitCode, String out, String err) {

    /** Runs {@code command} in this process's environment with {@code environment} added. */
    static CommandRun run(Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return run(builder);
    }

    /** Runs what {@code builder} describes; its output and input are set here. */
    static CommandRun run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("coi-dist-test", ".out");
        Path err = Files.createTempFile("coi-dist-test", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", builder.command()) + " did not end within 120 s");
            }
            return new CommandRun(List.copyOf(builder.command()), process.exitValue(), Files.readString(out),
                    Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The same result, as if {@code other} had run: for comparing two ways to run one command. */
    CommandRun withCommand(List<String> other) {
        return new CommandRun(other, exitCode, out, err);
    }

    CommandRun withText(String text, String replacement) {
        return new CommandRun(command, exitCode, out.replace(text, replacement), err.replace(text, replacement));
    }

    @Override
    public String toString() {
        return String.join(" ", command) + ": exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
