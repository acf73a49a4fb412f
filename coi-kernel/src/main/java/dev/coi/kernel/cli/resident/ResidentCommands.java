package dev.coi.kernel.cli.resident;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.cli.Terminal;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs a client's command line in memory when it is one the resident serves, else sends the client back. */
final class ResidentCommands implements Resident.Handler {

    private final String versionLine;

    /** @param versionLine this build's {@code coi --version}: clients of other builds are sent back */
    ResidentCommands(String versionLine) {
        this.versionLine = versionLine;
    }

    @Override
    public void handle(ResidentRequest request, Frames frames, Resident resident) throws IOException {
        if (!request.versionLine().equals(versionLine)) {
            frames.fallback();
            resident.stop("a client of another build asked (" + request.versionLine() + ")");
            return;
        }
        String[] args = request.args().toArray(String[]::new);
        if (!Coi.servedByResident(args)) {
            frames.fallback();
            return;
        }
        Map<String, String> variables = request.variables();
        String home = variables.getOrDefault("HOME", "");
        ConfigEnvironment environment = new ConfigEnvironment(variables,
                Path.of(home.isEmpty() ? System.getProperty("user.home") : home), request.workingDirectory(),
                ConfigEnvironment.SYSTEM_CONFIG_FILE);
        // coi writes UTF-8 wherever it runs (JDK 18+), so the bytes are the same as from a JVM of its own
        PrintWriter out = new PrintWriter(new OutputStreamWriter(frames.stream(Frames.OUT), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(frames.stream(Frames.ERR), StandardCharsets.UTF_8));
        int exitCode = Coi.run(environment, new StringReader(""), out, err,
                Terminal.colors(variables, request.isTerminal(0) && request.isTerminal(1)),
                Terminal.liveStatus(variables, request.isTerminal(2)), args);
        out.flush();
        err.flush();
        frames.exit(exitCode);
    }
}
