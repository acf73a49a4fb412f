package dev.coi.kernel.cli.resident;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.cli.Terminal;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Takes a client's command line when it is one the resident serves, and runs it in memory. */
final class ResidentCommands implements Resident.Handler {

    private final String versionLine;

    /** @param versionLine this build's {@code coi --version}: clients of other builds are sent back */
    ResidentCommands(String versionLine) {
        this.versionLine = versionLine;
    }

    @Override
    public boolean takes(ResidentRequest request, Resident resident) {
        if (!request.versionLine().equals(versionLine)) {
            resident.stop("a client of another build asked (" + request.versionLine() + ")");
            return false;
        }
        if (request.isTerminal(0) && Files.exists(request.workingDirectory().resolve(ConfigEnvironment.PROJECT_FILE))) {
            // the workspace's file may need the user's consent, which only a JVM on the terminal can ask for
            return false;
        }
        return Coi.servedByResident(request.args().toArray(String[]::new));
    }

    @Override
    public void run(ResidentRequest request, Frames frames) throws IOException {
        Map<String, String> variables = request.variables();
        String home = variables.getOrDefault("HOME", "");
        ConfigEnvironment environment = new ConfigEnvironment(variables,
                Path.of(home.isEmpty() ? System.getProperty("user.home") : home), request.workingDirectory(),
                ConfigEnvironment.SYSTEM_CONFIG_FILE);
        // coi writes UTF-8 wherever it runs (JDK 18+), so the bytes are the same as from a JVM of its own
        PrintWriter out = new PrintWriter(new OutputStreamWriter(frames.stream(Frames.OUT), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(frames.stream(Frames.ERR), StandardCharsets.UTF_8));
        int exitCode = Coi.run(environment, new StringReader(""), out, err,
                Terminal.colors(variables, request.isTerminal(1) && request.isTerminal(2)),
                Terminal.liveStatus(variables, request.isTerminal(2)), request.args().toArray(String[]::new));
        out.flush();
        err.flush();
        frames.exit(exitCode);
    }
}
