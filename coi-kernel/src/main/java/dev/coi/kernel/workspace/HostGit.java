package dev.coi.kernel.workspace;

import dev.coi.kernel.base.CoiException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one git command coi runs on the host: {@code git ls-files}, which lists the files git considers. It runs
 * with what could make it start another program switched off ({@code core.fsmonitor}, hooks) and without the
 * {@code GIT_*} variables that could send it to another repository. {@code safe.directory} names the workspace, so
 * that a workspace another user owns (root running coi for someone) is listed too: with the monitor and hooks off,
 * {@code ls-files} starts no program a repository's config could name.
 */
final class HostGit {

    private static final long TIMEOUT_SECONDS = 120;
    private static final File NO_INPUT = new File("/dev/null");

    private HostGit() {
    }

    /** Tracked and untracked files not ignored, relative to the workspace, as git spells them. */
    static List<String> listFiles(Path workspace) {
        List<String> argv = List.of("git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                "-c", "core.untrackedCache=false", "-c", "safe.directory=" + workspace, "--no-optional-locks", "-C", workspace.toString(),
                "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw CoiException.failure("cannot run git to list the files of " + workspace + " for the copy: "
                    + e.getMessage() + ". Install git, or copy a folder that is not a repository");
        }
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] output = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw CoiException.failure("git ls-files in " + workspace + " took more than " + TIMEOUT_SECONDS
                        + " s; it was stopped");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw CoiException.failure("interrupted while git listed the files of " + workspace);
        }
        if (process.exitValue() != 0) {
            throw CoiException.failure("git ls-files failed in " + workspace + " (exit " + process.exitValue() + "): "
                    + new String(errors.join(), StandardCharsets.UTF_8).strip() + ". Fix the repository (git"
                    + " status shows what git says), or use --workspace-mode mount");
        }
        List<String> paths = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == 0) {
                if (i > start) {
                    paths.add(new String(output, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return paths;
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
