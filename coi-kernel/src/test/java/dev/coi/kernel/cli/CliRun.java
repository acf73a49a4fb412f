package dev.coi.kernel.cli;

import dev.coi.kernel.config.ConfigEnvironment;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of the whole {@code coi} command line in memory, with a home folder of the test's own that is also
 * its working directory and holds its system config file ({@code etc/coi/config.toml}).
 *
 * @param exitCode what coi exited with
 * @param out what it wrote to standard output
 * @param err what it wrote to standard error
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(Path home, Map<String, String> environment, String... args) {
        return answering("", home, environment, args);
    }

    /** A run whose confirmation questions are answered from {@code input}, one line per question. */
    public static CliRun answering(String input, Path home, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConfigEnvironment configEnvironment = new ConfigEnvironment(environment, home, home,
                home.resolve("etc/coi/config.toml"));
        int exitCode = Coi.run(configEnvironment, new StringReader(input), new PrintWriter(out), new PrintWriter(err),
                false, false, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    public static CliRun of(Path home, String... args) {
        return of(home, Map.of(), args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
