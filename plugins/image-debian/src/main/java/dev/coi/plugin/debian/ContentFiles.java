package dev.coi.plugin.debian;

import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files the image content script reads from its build directory, for a build container and the build on this
 * host alike: the extra CA certificates in {@code ca/}, installed first, the script itself, and the AI tools'
 * install steps in {@code tools.d/}. A tool's step runs with {@code set -euo pipefail}; when it fails the build logs
 * {@code [coi] WARNING: <tool> could not be installed: ...} and goes on without the tool, so a tool whose package
 * source is unreachable never costs the user the whole image, unless the tool is required.
 */
final class ContentFiles {

    /** The image content script, a resource of this package. */
    static final String SCRIPT = "coi-image.sh";
    /** Where the content script looks for the certificates. */
    static final String CERTIFICATES = "ca";
    /** Where the content script looks for the steps. */
    static final String DIRECTORY = "tools.d";
    /** The names of the required tools, one a line. */
    static final String REQUIRED_LIST = DIRECTORY + "/required";

    private ContentFiles() {
    }

    /**
     * All files of a request, certificates first.
     *
     * @param request the certificates and tools
     * @return the files, with paths relative to the build directory
     * @throws ImageBuildException when a certificate cannot be read
     */
    static List<ImageContent.File> of(ImageBuildRequest request) {
        List<ImageContent.File> files = new ArrayList<>(certificates(request.caCertificates()));
        files.add(new ImageContent.File(SCRIPT, script(), 0755));
        files.addAll(tools(request.tools()));
        return files;
    }

    /**
     * The certificates as {@code ca/NN-NAME.crt}: numbered, so that equal names stay apart, and ending in
     * {@code .crt}, the only files {@code update-ca-certificates} takes.
     */
    static List<ImageContent.File> certificates(List<Path> certificates) {
        List<ImageContent.File> files = new ArrayList<>();
        for (Path certificate : certificates) {
            if (!Files.isRegularFile(certificate)) {
                throw new ImageBuildException("the CA certificate " + certificate + " does not exist");
            }
            String name = certificate.getFileName().toString().replaceFirst("\\.(crt|pem|cer)$", "");
            try {
                files.add(new ImageContent.File("%s/%02d-%s.crt".formatted(CERTIFICATES, files.size() + 1, name),
                        Files.readAllBytes(certificate), 0644));
            } catch (IOException e) {
                throw new ImageBuildException("cannot read the CA certificate " + certificate + ": "
                        + e.getMessage(), e);
            }
        }
        return files;
    }

    /**
     * The steps as {@code tools.d/NN-TOOL.sh}, run in name order, and {@value #REQUIRED_LIST}, the names of the
     * tools whose failure fails the build.
     *
     * @param steps the steps, in the order they run
     * @return the files, with paths relative to the build directory
     */
    static List<ImageContent.File> tools(List<ImageBuildRequest.Tool> steps) {
        List<ImageContent.File> files = new ArrayList<>();
        StringBuilder required = new StringBuilder();
        int index = 0;
        for (ImageBuildRequest.Tool step : steps) {
            files.add(new ImageContent.File("%s/%02d-%s.sh".formatted(DIRECTORY, ++index, step.name()),
                    step.script().getBytes(StandardCharsets.UTF_8), 0755));
            if (step.required()) {
                required.append(step.name()).append('\n');
            }
        }
        files.add(new ImageContent.File(REQUIRED_LIST, required.toString().getBytes(StandardCharsets.UTF_8), 0644));
        return files;
    }

    /** The content script built into this plugin. */
    static byte[] script() {
        try (InputStream in = ContentFiles.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the image-debian plugin's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + SCRIPT, e);
        }
    }
}
