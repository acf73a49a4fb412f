package dev.coi.kernel.incus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.http.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Non-interactive exec: {@code POST /1.0/instances/<name>/exec} with {@code record-output}, no WebSockets;
 * wait for the operation, read the recorded stdout and stderr from the log files its metadata names, then
 * delete those files.
 *
 * <p>Incus treats exit codes 126 and 127 as a failure to run the command, whoever returned them (also
 * {@code sh -c 'exit 127'}): the operation ends as {@code Failure} with {@code err} "Command not executable"
 * (126) or "Command not found" (127), while its metadata still holds {@code return} and the output logs. Both
 * are mapped back to an ordinary result with that exit code. When the command wrote nothing at all, a line
 * saying what happened is put on stderr, as a shell would; Incus gives no way to tell a command that was not
 * found from one that silently exited with 127, so that line is right for the first, much commoner case.
 */
final class InstanceExec {

    private static final String NOT_FOUND_ERROR = "Command not found";
    private static final String NOT_EXECUTABLE_ERROR = "Command not executable";

    private final IncusApi api;

    InstanceExec(IncusApi api) {
        this.api = api;
    }

    /** For a command that does no harm when it runs twice: tried again when Incus loses it. */
    CommandResult run(String instance, List<String> command, ExecOptions options, Duration timeout) {
        // On a loaded host Incus sometimes loses the child it forked, and says so with this message; the same
        // request a moment later works. The lost one may have run all the same.
        for (int attempt = 0; ; attempt++) {
            try {
                return runOnce(instance, command, options, timeout);
            } catch (IncusException e) {
                if (attempt == LostExecChild.PAUSES.size() || !lostChild(e)) {
                    throw e;
                }
                pause(LostExecChild.PAUSES.get(attempt), e);
            }
        }
    }

    /**
     * For a command the user gave, or one that must not run twice: never tried again. When Incus loses it, the
     * error says that it may have run.
     */
    CommandResult runAtMostOnce(String instance, List<String> command, ExecOptions options, Duration timeout) {
        try {
            return runOnce(instance, command, options, timeout);
        } catch (IncusException e) {
            if (!lostChild(e)) {
                throw e;
            }
            throw new IncusOperationException("Incus lost track of " + command.getFirst() + " in container " + instance
                    + " (\"" + LostExecChild.ERROR + "\", which happens on a busy host); it may have run, so coi does"
                    + " not run it again: check whether it did, and try again if not", e.statusCode(), e.incusError());
        }
    }

    private static boolean lostChild(IncusException e) {
        return String.valueOf(e.getMessage()).contains(LostExecChild.ERROR);
    }

    private static void pause(Duration pause, IncusException failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private CommandResult runOnce(String instance, List<String> command, ExecOptions options, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        String action = "run " + command.get(0) + " in instance " + instance;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command);
        body.put("environment", options.environment());
        body.put("wait-for-websocket", false);
        body.put("interactive", false);
        body.put("record-output", true);
        body.put("user", options.uid());
        body.put("group", options.gid());
        body.put("cwd", options.workingDirectory());
        Envelope started = api.envelope(IncusApi.json("POST", IncusClient.instancePath(instance) + "/exec", body),
                action);
        Operation operation = api.await(started.operation(), action, timeout);
        JsonNode metadata = operation.metadata();
        String stdout;
        String stderr;
        try {
            stdout = takeLog(metadata.path("output").path("1"), action);
            stderr = takeLog(metadata.path("output").path("2"), action);
        } finally {
            deleteLog(metadata.path("output").path("1"), action);
            deleteLog(metadata.path("output").path("2"), action);
        }
        int exitCode = metadata.path("return").asInt(-1);
        if (operation.succeeded()) {
            return new CommandResult(exitCode, stdout, stderr);
        }
        if (exitCode != 126 && exitCode != 127) {
            exitCode = switch (operation.err()) {
                case NOT_FOUND_ERROR -> 127;
                case NOT_EXECUTABLE_ERROR -> 126;
                default -> throw api.failed(operation, action);
            };
        }
        if (stdout.isEmpty() && stderr.isEmpty()) {
            stderr = command.get(0) + (exitCode == 127 ? ": command not found\n" : ": cannot execute: not an"
                    + " executable file or permission denied\n");
        }
        return new CommandResult(exitCode, stdout, stderr);
    }

    private String takeLog(JsonNode path, String action) {
        if (!path.isTextual()) {
            return "";
        }
        try {
            byte[] bytes = api.raw(HttpRequest.of("GET", path.asText()), action + " (read its output)").readBody();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IncusException("Lost the connection to Incus while reading the output of the command to "
                    + action + ": " + e.getMessage(), 0, "", e);
        }
    }

    private void deleteLog(JsonNode path, String action) {
        if (path.isTextual()) {
            try {
                api.envelope(HttpRequest.of("DELETE", path.asText()), action + " (delete its output log)");
            } catch (IncusNotFoundException e) {
                // nothing to clean up
            }
        }
    }
}
