package dev.coi.kernel.images;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version aliases: {@code ALIAS-YYYYMMDD-HHMMSS} in local time, the reference tool's names, so that
 * {@code coi image cleanup} and users' scripts can sort them.
 */
public final class ImageVersions {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern SUFFIX = Pattern.compile("-(\\d{8}-\\d{6})$");

    private ImageVersions() {
    }

    /** The version alias of {@code alias} made at {@code time}, e.g. {@code coi-20260108-103000}. */
    public static String versionOf(String alias, LocalDateTime time) {
        return alias + "-" + STAMP.format(time);
    }

    /** The time in a version alias's suffix; empty when it has none or it is no real date and time. */
    public static Optional<LocalDateTime> timestamp(String alias) {
        Matcher matcher = SUFFIX.matcher(alias);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(matcher.group(1), STAMP));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
