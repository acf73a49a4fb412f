package dev.coi.kernel.base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The installation's start-up cache (a JDK AOT cache, {@code lib/coi.aot}), which the JVMs coi starts in the
 * background (the resident, the keeper) use as {@code bin/coi-jvm} does: it takes a JVM's start-up to about a third
 * of the CPU time. The bundled runtime made it, and it serves only that runtime.
 */
public final class StartUpCache {

    /** The installation's home, which {@code bin/coi-jvm} sets; absent when coi runs from a class path of its own. */
    public static final String INSTALLATION_PROPERTY = "coi.home";

    private StartUpCache() {
    }

    /**
     * @param installation the installation's home
     * @param java the java command the JVM starts with
     * @return the cache, when that java is the installation's runtime and the cache is there
     */
    public static Optional<Path> of(Path installation, Path java) {
        Path cache = installation.resolve("lib").resolve("coi.aot");
        return java.startsWith(installation.resolve("runtime")) && Files.isReadable(cache)
                ? Optional.of(cache) : Optional.empty();
    }

    /**
     * The options that start a JVM of this installation from the cache, quietly (the cache's complaints would go to
     * its log), and tell it the installation; none when this JVM was not started by {@code bin/coi-jvm}.
     *
     * @param java the java command the JVM starts with
     */
    public static List<String> options(Path java) {
        String home = System.getProperty(INSTALLATION_PROPERTY);
        if (home == null) {
            return List.of();
        }
        Path installation = Path.of(home);
        List<String> options = new ArrayList<>();
        of(installation, java).ifPresent(cache -> options.addAll(List.of("-XX:AOTCache=" + cache,
                "-Xlog:aot*=off,cds*=off")));
        options.add("-D" + INSTALLATION_PROPERTY + "=" + installation);
        return options;
    }
}
