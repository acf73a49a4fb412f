package dev.coi.kernel.sessions;

import dev.coi.kernel.CoiException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link TerminalAttach} through a child {@code incus exec} process, as the reference tool does: the incus
 * command line already handles raw mode, window size changes and signals on the terminal. It is pointed at
 * the socket coi itself uses, with the local server and the default project, whatever the user's incus client
 * configuration says.
 */
public final class IncusCommandAttach implements TerminalAttach {

    /** How long the child may take to restore the terminal after SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final File NO_INPUT = new File("/dev/null");

    private final String incusCommand;
    private final Path socket;
    private final ChildStdio stdio;

    /**
     * @param incusCommand the incus command line, normally {@code incus} found on {@code PATH}
     * @param socket the Incus socket coi uses
     * @param stdio where the child's standard streams go
     */
    public IncusCommandAttach(String incusCommand, Path socket, ChildStdio stdio) {
        this.incusCommand = incusCommand;
        this.socket = socket;
        this.stdio = stdio;
    }

    @Override
    public Attached start(Request request) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(incusCommand, request));
        builder.environment().put("INCUS_SOCKET", socket.toString());
        if (stdio.inherits()) {
            builder.inheritIO();
        } else {
            builder.redirectInput(NO_INPUT);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw CoiException.failure("cannot run the incus command line (" + incusCommand + "), which coi uses to"
                    + " connect a terminal to a container: " + e.getMessage() + ". Install the Incus client and make"
                    + " sure 'incus' is on PATH");
        }
        List<Thread> copies = new ArrayList<>();
        if (!stdio.inherits()) {
            copies.add(copy(process.getInputStream(), stdio.out(), "incus-exec-stdout"));
            copies.add(copy(process.getErrorStream(), stdio.err(), "incus-exec-stderr"));
        }
        return new ChildProcess(process, copies);
    }

    /** {@code incus exec NAME -t|-T --user U --group G --cwd D --env K=V... -- COMMAND...}. */
    static List<String> commandLine(String incusCommand, Request request) {
        List<String> argv = new ArrayList<>(List.of(incusCommand, "exec", request.container(), "--force-local",
                "--project", "default", request.terminal() ? "--force-interactive" : "--force-noninteractive",
                "--user", Integer.toString(request.options().uid()),
                "--group", Integer.toString(request.options().gid()),
                "--cwd", request.options().workingDirectory()));
        // sorted: the options hold the variables in no particular order, and a stable command line is easier to read
        for (Map.Entry<String, String> variable : new TreeMap<>(request.options().environment()).entrySet()) {
            argv.add("--env");
            argv.add(variable.getKey() + "=" + variable.getValue());
        }
        argv.add("--");
        argv.addAll(request.command());
        return argv;
    }

    private static Thread copy(InputStream from, PrintWriter to, String name) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                int read;
                while ((read = reader.read(buffer)) >= 0) {
                    synchronized (to) {
                        to.write(buffer, 0, read);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the child ended while its output was read: nothing more to copy
            }
        });
    }

    private record ChildProcess(Process process, List<Thread> copies) implements Attached {

        @Override
        public int waitFor() throws InterruptedException {
            int exitCode = process.waitFor();
            for (Thread copy : copies) {
                copy.join();
            }
            return exitCode;
        }

        @Override
        public void stop() {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
