package dev.coi.plugin.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian package mirrors an image is built from: the main archive and the security archive. By default the
 * ones this host's apt already uses, because a host behind a firewall or proxy reaches those and not
 * necessarily {@value #DEFAULT_MIRROR}.
 *
 * @param mirror the main archive, e.g. {@code http://deb.debian.org/debian}
 * @param securityMirror the security archive, e.g. {@code http://deb.debian.org/debian-security}, or empty to
 *                       build without security updates (e.g. a local mirror that has none)
 */
public record DebianMirrors(String mirror, Optional<String> securityMirror) {

    /** The main archive used when the host names none. */
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

    /** The security archive used with {@link #DEFAULT_MIRROR}. */
    public static final String DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security";

    /**
     * Checks the URLs.
     *
     * @param mirror the main archive
     * @param securityMirror the security archive, or empty
     */
    public DebianMirrors {
        mirror = checked(mirror);
        securityMirror = securityMirror.map(DebianMirrors::checked);
    }

    /**
     * The mirrors of this host's apt sources when the host runs Debian, else Debian's own.
     *
     * @return the mirrors
     */
    public static DebianMirrors ofHost() {
        return read(Path.of("/etc/os-release"), Path.of("/etc/apt"));
    }

    static DebianMirrors read(Path osRelease, Path aptDir) {
        DebianMirrors defaults = new DebianMirrors(DEFAULT_MIRROR, Optional.of(DEFAULT_SECURITY_MIRROR));
        // another distribution's mirrors (e.g. Ubuntu's) do not carry Debian
        if (!readOrEmpty(osRelease).lines().anyMatch(line -> line.equals("ID=debian") || line.equals("ID=\"debian\""))) {
            return defaults;
        }
        List<Source> sources = new ArrayList<>(oneLineSources(readOrEmpty(aptDir.resolve("sources.list"))));
        for (Path file : sourceFiles(aptDir.resolve("sources.list.d"))) {
            String text = readOrEmpty(file);
            sources.addAll(file.toString().endsWith(".sources") ? deb822Sources(text) : oneLineSources(text));
        }
        Optional<String> main = sources.stream().filter(source -> !source.isSecurity()).map(Source::uri).findFirst();
        if (main.isEmpty()) {
            return defaults;
        }
        return new DebianMirrors(main.get(), sources.stream().filter(Source::isSecurity).map(Source::uri).findFirst());
    }

    /** One {@code deb} source: where and which suites. */
    record Source(String uri, List<String> suites) {

        boolean isSecurity() {
            return suites.stream().anyMatch(suite -> suite.endsWith("-security")) || uri.contains("security");
        }
    }

    /** {@code deb [options] URI SUITE COMPONENT...} lines; {@code deb-src} and comments are skipped. */
    static List<Source> oneLineSources(String text) {
        List<Source> sources = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            String[] words = line.split("\\s+");
            if (!words[0].equals("deb")) {
                continue;
            }
            int uri = 1;
            if (words.length > 1 && words[1].startsWith("[")) {
                while (uri < words.length && !words[uri].endsWith("]")) {
                    uri++;
                }
                uri++;
            }
            if (uri + 1 < words.length) {
                sources.add(new Source(words[uri], List.of(words[uri + 1])));
            }
        }
        return sources;
    }

    /** deb822 stanzas ({@code Types:}, {@code URIs:}, {@code Suites:}, {@code Enabled:}) separated by blank lines. */
    static List<Source> deb822Sources(String text) {
        List<Source> sources = new ArrayList<>();
        for (String stanza : text.split("\\n\\s*\\n")) {
            List<String> types = List.of();
            List<String> uris = List.of();
            List<String> suites = List.of();
            boolean enabled = true;
            for (String line : stanza.lines().toList()) {
                int colon = line.indexOf(':');
                if (line.startsWith("#") || colon < 0) {
                    continue;
                }
                List<String> values = Arrays.asList(line.substring(colon + 1).strip().split("\\s+"));
                switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
                    case "types" -> types = values;
                    case "uris" -> uris = values;
                    case "suites" -> suites = values;
                    case "enabled" -> enabled = !values.getFirst().equalsIgnoreCase("no");
                    default -> {
                        // other fields say nothing about where the archive is
                    }
                }
            }
            if (enabled && types.contains("deb")) {
                for (String uri : uris) {
                    sources.add(new Source(uri, suites));
                }
            }
        }
        return sources;
    }

    /** apt reads {@code *.list} and {@code *.sources} only, in name order; e.g. {@code *.disabled} files are not read. */
    private static List<Path> sourceFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".list") || file.toString().endsWith(".sources"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String checked(String url) {
        String trimmed = url.strip().replaceAll("/+$", "");
        if (!trimmed.matches("(?i)https?://\\S+")) {
            throw new IllegalArgumentException("a Debian mirror must be an http:// or https:// URL, was '"
                    + url + "'");
        }
        return trimmed;
    }
}
