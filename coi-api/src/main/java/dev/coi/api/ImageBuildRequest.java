package dev.coi.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What goes into the {@code coi} image besides the base's own content.
 *
 * @param coiVersion the version of coi that builds, e.g. {@code 0.2.0+1a2b3c4}, to be recorded in the image
 * @param caCertificates PEM or DER CA certificates the image must trust besides the usual ones, e.g. of a
 *                       TLS-intercepting proxy, in order; the kernel has checked that they are certificates
 * @param tools the AI tools' install steps, run in this order
 * @since 0.2.0
 */
public record ImageBuildRequest(String coiVersion, List<Path> caCertificates, List<Tool> tools) {

    /**
     * The image property that names, space-separated, the tools whose install step succeeded: what the image's
     * {@code /etc/coi-image} says in its {@code tools="..."} line, which an image base's build copies here so that
     * {@code coi tool list} can tell without starting a container.
     *
     * @since 0.3.1
     */
    public static final String INSTALLED_TOOLS_PROPERTY = "coi.tools";

    /**
     * Checks and copies the arguments.
     *
     * @param coiVersion the version of coi
     * @param caCertificates the extra certificates
     * @param tools the install steps
     */
    public ImageBuildRequest {
        Objects.requireNonNull(coiVersion, "coiVersion");
        caCertificates = List.copyOf(caCertificates);
        tools = List.copyOf(tools);
    }

    /**
     * How an AI tool gets into the image: a bash script run as root inside the image during the build, after the
     * base packages and the user {@code code} are in (see {@link AiTool#imageInstallScript()}). When it fails the
     * build warns and goes on without the tool, unless the tool is {@code required}: the tool sessions run
     * ({@code [tool] name}), without which the image is of no use.
     *
     * @param name the tool's name, e.g. {@code aider}: lower-case letters, digits, {@code .}, {@code _} and
     *             {@code -}, as it becomes part of a file name
     * @param script the bash script
     * @param required whether the build fails when the script does
     * @since 0.2.0
     */
    public record Tool(String name, String script, boolean required) {

        /**
         * Checks the name.
         *
         * @param name the tool's name
         * @param script the script
         * @param required whether the build fails when the script does
         */
        public Tool {
            Objects.requireNonNull(script, "script");
            if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("a tool name is lower-case letters, digits, '.', '_' and '-', was '"
                        + name + "'");
            }
        }
    }
}
