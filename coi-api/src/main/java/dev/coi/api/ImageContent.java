package dev.coi.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a build container runs to make the {@code coi} image: files copied into a build directory, one of them
 * the script run there as root.
 *
 * @param files the files, by path relative to the build directory
 * @param script the path of the script among the files
 * @param environment variables the script gets besides {@code COI_BUILD_DIR}
 * @since 0.2.0
 */
public record ImageContent(List<File> files, String script, Map<String, String> environment) {

    /**
     * Checks and copies the arguments.
     *
     * @param files the files
     * @param script the script's path
     * @param environment the variables
     */
    public ImageContent {
        files = List.copyOf(files);
        environment = Map.copyOf(environment);
        if (files.stream().noneMatch(file -> file.path().equals(script))) {
            throw new IllegalArgumentException("the script " + script + " is none of the files");
        }
    }

    /**
     * A file of the content.
     *
     * @param path its path relative to the build directory, e.g. {@code ca/01-proxy.crt}; never absolute, never
     *             with {@code ..}
     * @param content its bytes
     * @param mode its permission bits, e.g. {@code 0755}
     * @since 0.2.0
     */
    public record File(String path, byte[] content, int mode) {

        /**
         * Checks the path and copies the content.
         *
         * @param path the path
         * @param content the bytes
         * @param mode the permission bits
         */
        public File {
            Objects.requireNonNull(path, "path");
            if (path.isEmpty() || path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
                throw new IllegalArgumentException("a content path must stay inside the build directory: " + path);
            }
            content = content.clone();
        }

        /**
         * The bytes.
         *
         * @return a copy of them
         */
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof File file && path.equals(file.path) && mode == file.mode
                    && Arrays.equals(content, file.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, mode, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "File[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
        }
    }
}
