package dev.coi.kernel;

import dev.coi.kernel.base.BuildInfo;

import dev.coi.kernel.base.ExitCodes;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.cli.Terminal;
import dev.coi.kernel.cli.resident.ResidentLauncher;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.sessions.ChildStdio;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** Starts the coi command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // the one answer scripts ask for most often needs neither the configuration nor the command line model
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(BuildInfo.current().versionLine());
            System.exit(ExitCodes.OK);
        }
        ConfigEnvironment environment = ConfigEnvironment.ofCurrentProcess();
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, false, charset);
        PrintWriter err = new PrintWriter(System.err, false, charset);
        int exitCode = Coi.run(environment, ChildStdio.inherit(), out, err, Terminal.colors(environment.variables()),
                Terminal.liveStatus(environment.variables()), args);
        out.flush();
        err.flush();
        ResidentLauncher.startIfUseful(environment, args);
        System.exit(exitCode);
    }
}
