package dev.coi.kernel.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the key a user probably meant, for "did you mean ...?" hints. */
final class KeySuggestions {

    private KeySuggestions() {
    }

    /**
     * The closest candidate: one a couple of typos away, or else the only one with the same last part (so a
     * top-level {@code mode = "open"} suggests {@code network.mode}).
     */
    static Optional<String> closest(String unknown, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(unknown, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(1, Math.min(3, unknown.length() / 3))) {
            return Optional.of(best);
        }
        String leaf = leaf(unknown);
        var sameLeaf = candidates.stream().filter(candidate -> leaf(candidate).equals(leaf)).toList();
        return sameLeaf.size() == 1 ? Optional.of(sameLeaf.get(0)) : Optional.empty();
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
