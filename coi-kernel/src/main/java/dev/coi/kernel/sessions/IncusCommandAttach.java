package dev.coi.kernel.sessions;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.RemoteServer;
import dev.coi.kernel.incus.SocketLocation;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link TerminalAttach} through a child {@code incus exec} process, as the reference tool does: the incus
 * command line already handles raw mode, window size changes and signals on the terminal. It is pointed at
 * the daemon and project coi itself uses, whatever the user's incus client configuration says: the socket with the
 * local server, or the remote by its name in that configuration.
 */
public final class IncusCommandAttach implements TerminalAttach {

    /** How long the child may take to restore the terminal after SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final File NO_INPUT = new File("/dev/null");
    /**
     * In the command user's home, where the wrapper may remove it: not in /tmp, which systemd empties while a new
     * container boots, perhaps after the file was written.
     */
    private static final String ENVIRONMENT_FILE_NAME = ".coi-environment-";
    private static final String NO_HOME = "/var/tmp";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes a file into a container, readable by its owner alone, without a host command line. */
    @FunctionalInterface
    public interface PrivateFileWriter {

        /**
         * @param container the container
         * @param path the absolute path in the container
         * @param content the bytes
         * @param uid the owner
         * @param gid the group
         */
        void write(String container, String path, byte[] content, int uid, int gid);
    }

    /** Removes a file from a container, if it is there. */
    @FunctionalInterface
    public interface FileRemover {

        /**
         * @param container the container
         * @param path the absolute path in the container
         */
        void remove(String container, String path);
    }

    private final String incusCommand;
    private final IncusEndpoint endpoint;
    private final String project;
    private final ChildStdio stdio;
    private final PrivateFileWriter files;
    private final FileRemover remover;

    /**
     * @param incusCommand the incus command line, normally {@code incus} found on {@code PATH}
     * @param socket the Incus socket coi uses
     * @param stdio where the child's standard streams go
     * @param files writes the command's environment file into the container
     * @param remover removes the environment file of a try Incus lost, which no wrapper removed
     */
    public IncusCommandAttach(String incusCommand, Path socket, ChildStdio stdio, PrivateFileWriter files,
            FileRemover remover) {
        this(incusCommand, SocketLocation.of(socket), "default", stdio, files, remover);
    }

    /**
     * @param endpoint the Incus socket or remote coi uses
     * @param project the Incus project coi's containers are in ({@code incus.project}), which the command line is
     *                told too, or it would look for the container in the project its own configuration names
     */
    public IncusCommandAttach(String incusCommand, IncusEndpoint endpoint, String project, ChildStdio stdio,
            PrivateFileWriter files, FileRemover remover) {
        this.incusCommand = incusCommand;
        this.endpoint = endpoint;
        this.project = project;
        this.stdio = stdio;
        this.files = files;
        this.remover = remover;
    }

    @Override
    public Attached start(Request request) {
        EnvironmentFile environment = EnvironmentFile.of(request.options().environment());
        Optional<String> environmentPath = Optional.empty();
        if (!environment.isEmpty()) {
            String home = request.options().environment().getOrDefault("HOME", NO_HOME);
            String path = (home.startsWith("/") ? home : NO_HOME).replaceAll("/+$", "") + "/" + ENVIRONMENT_FILE_NAME
                    + HexFormat.of().toHexDigits(RANDOM.nextLong());
            files.write(request.container(), path, environment.content(), request.options().uid(),
                    request.options().gid());
            environmentPath = Optional.of(path);
        }
        ProcessBuilder builder = new ProcessBuilder(commandLine(incusCommand, endpoint, project, request,
                environmentPath));
        switch (endpoint) {
            case SocketLocation local -> builder.environment().put("INCUS_SOCKET", local.socket().toString());
            case RemoteServer remote -> builder.environment().put("INCUS_CONF", remote.configDir().toString());
        }
        // standard error always passes through coi, which keeps back Incus's message that it lost the command
        if (stdio.inherits()) {
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT);
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
        LostChildFilter errors = new LostChildFilter(stdio.inherits() ? new FileOutputStream(FileDescriptor.err)
                : new DecodingOutputStream(stdio.err()));
        copies.add(Thread.ofPlatform().daemon().name("incus-exec-stderr").start(() ->
                errors.copy(process.getErrorStream())));
        if (!stdio.inherits()) {
            copies.add(copy(process.getInputStream(), stdio.out(), "incus-exec-stdout"));
        }
        Optional<String> environmentFile = environmentPath;
        Runnable forgetEnvironment = () -> environmentFile.ifPresent(path -> {
            try {
                remover.remove(request.container(), path);
            } catch (IncusException e) {
                // the file is readable by the command's user alone, and goes with the container
            }
        });
        return new ChildProcess(process, copies, errors, forgetEnvironment);
    }

    /**
     * {@code incus exec NAME -t|-T --user U --group G --cwd D -- /bin/sh -c WRAPPER FILE COMMAND...} when the
     * environment is in a file in the container; {@code --env K=V} only for the variables no file can hold.
     */
    static List<String> commandLine(String incusCommand, IncusEndpoint endpoint, String project, Request request,
            Optional<String> environmentPath) {
        EnvironmentFile environment = EnvironmentFile.of(request.options().environment());
        Map<String, String> onTheCommandLine = environmentPath.isPresent() ? environment.others()
                : request.options().environment();
        List<String> argv = new ArrayList<>(List.of(incusCommand, "exec"));
        endpoint.remoteName().ifPresentOrElse(remote -> argv.add(remote + ":" + request.container()), () -> {
            argv.add(request.container());
            argv.add("--force-local");
        });
        argv.addAll(List.of("--project", project == null || project.isBlank() ? "default" : project,
                request.terminal() ? "--force-interactive" : "--force-noninteractive",
                "--user", Integer.toString(request.options().uid()),
                "--group", Integer.toString(request.options().gid()),
                "--cwd", request.options().workingDirectory()));
        // sorted: the options hold the variables in no particular order, and a stable command line is easier to read
        for (Map.Entry<String, String> variable : new TreeMap<>(onTheCommandLine).entrySet()) {
            argv.add("--env");
            argv.add(variable.getKey() + "=" + variable.getValue());
        }
        argv.add("--");
        argv.addAll(environmentPath.map(path -> EnvironmentFile.wrap(path, request.command()))
                .orElse(request.command()));
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

    /**
     * @param forgetEnvironment removes the environment file, which holds the values of the variables (often API
     *                          keys) and stays when Incus lost the try before the wrapper could remove it
     */
    private record ChildProcess(Process process, List<Thread> copies, LostChildFilter errors,
            Runnable forgetEnvironment) implements Attached {

        @Override
        public int waitFor() throws InterruptedException {
            int exitCode = waitForEnd().exitCode();
            showLostChildError();
            return exitCode;
        }

        @Override
        public Ended waitForEnd() throws InterruptedException {
            int exitCode = process.waitFor();
            for (Thread copy : copies) {
                copy.join();
            }
            if (exitCode == 0) {
                showLostChildError();
            }
            boolean lost = exitCode != 0 && errors.lostChild();
            if (lost) {
                forgetEnvironment.run();
            }
            return new Ended(exitCode, lost);
        }

        @Override
        public void showLostChildError() {
            errors.release();
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
