package dev.coi.kernel.plugin;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.base.LocalTrees;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code coi plugin install}: fetches the jar (a local path, or an https URL with its SHA-256), checks the
 * digest, the manifest and the archive, asks the user, loads the plugin once on its own, then moves it into the
 * plugin folder and records it in {@code plugins.lock}. Until the lock names it, nothing of it is loaded; a
 * failure at any step leaves the installed plugins as they were.
 */
public final class PluginInstaller {

    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** The user's yes to running the plugin's code: plugins run with the user's rights. */
    public interface Consent {
        /**
         * @param manifest what the jar says it is
         * @param sha256 its digest
         * @param replaced the installed plugin of that id it would replace
         * @return whether to go on
         */
        boolean approve(PluginManifest manifest, String sha256, Optional<LockedPlugin> replaced);
    }

    private final PluginFolder folder;
    private final Set<String> bundledIds;
    private final Clock clock;

    /**
     * @param folder where plugins are installed
     * @param bundledIds the ids of coi's own plugins, which an installed one may not take
     */
    public PluginInstaller(PluginFolder folder, Set<String> bundledIds, Clock clock) {
        this.folder = folder;
        this.bundledIds = Set.copyOf(bundledIds);
        this.clock = clock;
    }

    /**
     * @param source a path to a jar, or an https URL
     * @param expectedSha256 the digest the jar must have; required for a URL
     * @return the installed plugin as the lock now records it
     * @throws CoiException what was wrong and how to fix it; nothing was installed then
     */
    public InstalledPlugin install(String source, Optional<String> expectedSha256, Consent consent) {
        Optional<String> expected = expectedSha256.map(typed -> Sha256.parse(typed).orElseThrow(() ->
                CoiException.usage("--sha256 must be 64 hexadecimal digits (as sha256sum prints them), not \""
                        + typed + "\"")));
        Optional<URI> url = url(source);
        if (url.isPresent() && expected.isEmpty()) {
            throw CoiException.usage("an https URL is installed only with its digest: add --sha256 HEX (the SHA-256"
                    + " its publisher gives for the jar); nothing was downloaded");
        }
        Path local = url.isPresent() ? null : localJar(source);
        Path staging = staging();
        try {
            Path fetched = staging.resolve("fetched.jar");
            String sha256 = url.isPresent() ? PluginDownload.fetch(url.get(), fetched) : copy(local, fetched);
            if (expected.isPresent() && !expected.get().equals(sha256)) {
                throw CoiException.failure("the SHA-256 of " + source + " is " + sha256 + ", not the expected "
                        + expected.get() + "; the file is not the one you meant (changed or damaged), nothing was"
                        + " installed");
            }
            String recordedSource = url.isPresent() ? url.get().toString() : local.toString();
            PluginManifest manifest = PluginArchive.inspect(fetched, source);
            if (bundledIds.contains(manifest.id())) {
                throw PluginManifest.rejected(source, "its id " + manifest.id() + " is the id of a plugin that comes"
                        + " with coi; a third-party plugin needs an id of its own");
            }
            Optional<LockedPlugin> replaced = folder.lock().find(manifest.id());
            if (!consent.approve(manifest, sha256, replaced)) {
                throw CoiException.failure("plugin " + manifest.id() + " was not installed: you did not confirm");
            }
            Path staged = Files.move(fetched, staging.resolve(manifest.id() + ".jar"));
            PluginRegistry trial = InstalledPlugins.trial(staged, manifest.id());
            if (!trial.problems().isEmpty() || trial.plugins().isEmpty()) {
                throw CoiException.failure("plugin " + manifest.id() + " does not load, so it was not installed: "
                        + trial.problems().stream().map(PluginProblem::message).collect(Collectors.joining("; ")));
            }
            LockedPlugin locked = new LockedPlugin(manifest.id(), manifest.version(), manifest.requires(), sha256,
                    recordedSource, manifest.id() + "-" + sha256.substring(0, 12) + ".jar", true, clock.instant());
            place(staged, locked);
            return new InstalledPlugin(locked, replaced, trial.plugins().getFirst());
        } catch (IOException e) {
            throw CoiException.failure("cannot install " + source + ": " + e.getMessage() + "; nothing was installed");
        } finally {
            try {
                LocalTrees.delete(staging);
            } catch (IOException ignored) {
                // a left-over staging folder is hidden and never loaded
            }
        }
    }

    /**
     * Moves the checked jar into the plugin folder and records it. The jar gets a name of its own per content,
     * so the old version stays whole until the lock, written atomically, points at the new one.
     */
    private void place(Path staged, LockedPlugin locked) {
        folder.changing(lock -> {
            Path placed = folder.path().resolve(locked.file());
            Optional<LockedPlugin> old = lock.find(locked.id());
            boolean sameFile = old.isPresent() && old.get().file().equals(locked.file());
            Files.move(staged, placed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try {
                lock.with(locked).write(folder.path());
            } catch (IOException e) {
                if (!sameFile) {
                    Files.deleteIfExists(placed);
                }
                throw e;
            }
            if (old.isPresent() && !sameFile) {
                Files.deleteIfExists(folder.path().resolve(old.get().file()));
            }
            return locked;
        });
    }

    /**
     * What {@link #install} did.
     *
     * @param locked the lock entry
     * @param replaced the plugin of that id that was installed before
     * @param loaded the plugin as the trial load saw it (its extensions)
     */
    public record InstalledPlugin(LockedPlugin locked, Optional<LockedPlugin> replaced, LoadedPlugin loaded) {
    }

    static Optional<URI> url(String source) {
        if (!URL_SCHEME.matcher(source).matches()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            throw CoiException.usage(source + " is not a valid URL (" + e.getMessage() + ")");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw CoiException.usage("plugins are downloaded over https only, not " + uri.getScheme() + " ("
                    + source + "); use the https URL, or download the jar yourself and install it from its path");
        }
        return Optional.of(uri);
    }

    private static Path localJar(String source) {
        Path path = Path.of(source).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw CoiException.usage(path + " is not a file; give the path of a plugin jar or an https URL");
        }
        return path;
    }

    private static String copy(Path from, Path to) throws IOException {
        // the copy is what gets checked and installed, so the source changing meanwhile cannot slip anything in
        Files.copy(from, to);
        return Sha256.of(to);
    }

    private Path staging() {
        try {
            Files.createDirectories(folder.path());
            return Files.createDirectory(folder.path().resolve(".coi-staging-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new CoiException(ExitCodes.FAILURE, "cannot write to the plugin folder " + folder.path() + ": " + e.getMessage(), e);
        }
    }
}
