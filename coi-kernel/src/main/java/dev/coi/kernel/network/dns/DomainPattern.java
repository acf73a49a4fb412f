package dev.coi.kernel.network.dns;

import dev.coi.kernel.base.CoiException;
import java.util.Locale;

/**
 * One allowed name: an exact name ({@code api.example.com}) or a wildcard ({@code *.example.com}), which matches
 * every name below that domain at any depth ({@code a.example.com}, {@code a.b.example.com}) but not the domain
 * itself. Names compare without regard to case and to a trailing dot.
 *
 * @param domain the exact name, or for a wildcard the domain below which it matches; lower case, no trailing dot
 * @param wildcard whether names below {@code domain} match rather than {@code domain} itself
 */
public record DomainPattern(String domain, boolean wildcard) {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    /**
     * @throws CoiException naming the entry, what is wrong with it and the forms that are accepted
     */
    public static DomainPattern parse(String raw) {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw invalid(raw, "it is empty");
        }
        if (text.length() > MAX_NAME) {
            throw invalid(raw, "it is longer than " + MAX_NAME + " characters");
        }
        boolean wildcard = text.startsWith("*.");
        String domain = wildcard ? text.substring(2) : text;
        if (domain.contains("*")) {
            throw invalid(raw, "'*' may only stand alone as the first label, as in *.example.com");
        }
        for (String label : domain.split("\\.", -1)) {
            checkLabel(raw, label);
        }
        return new DomainPattern(domain, wildcard);
    }

    /**
     * @param name a name in lower case without a trailing dot
     */
    boolean matches(String name) {
        return wildcard ? name.length() > domain.length() + 1 && name.endsWith(domain)
                && name.charAt(name.length() - domain.length() - 1) == '.' : name.equals(domain);
    }

    @Override
    public String toString() {
        return wildcard ? "*." + domain : domain;
    }

    private static void checkLabel(String raw, String label) {
        if (label.isEmpty()) {
            throw invalid(raw, "it has an empty label (two dots in a row, or a dot at the start)");
        }
        if (label.length() > MAX_LABEL) {
            throw invalid(raw, "the label '" + label + "' is longer than " + MAX_LABEL + " characters");
        }
        for (char c : label.toCharArray()) {
            if (!isNameCharacter(c)) {
                throw invalid(raw, "'" + c + "' is not allowed in a name (letters, digits, '-' and '_' are)");
            }
        }
    }

    static boolean isNameCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static CoiException invalid(String raw, String why) {
        return CoiException.usage("network.allowed_domains entry '" + raw + "': " + why + "; give a host name such"
                + " as api.example.com, or a wildcard such as *.example.com for every name below example.com");
    }
}
