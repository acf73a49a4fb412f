package dev.coi.kernel.incus;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for the names and paths put into request targets (RFC 3986). */
final class Urls {

    private static final String HEX = "0123456789ABCDEF";

    private Urls() {
    }

    /**
     * Encodes one path segment, e.g. an instance name or an image alias like {@code debian/12}.
     *
     * @param text the segment
     * @return the encoded segment; a slash becomes {@code %2F}
     */
    static String segment(String text) {
        return encode(text, "");
    }

    /**
     * Encodes a query parameter value, e.g. a file path in the container, keeping slashes readable.
     *
     * @param text the value
     * @return the encoded value
     */
    static String queryValue(String text) {
        return encode(text, "/");
    }

    private static String encode(String text, String alsoSafe) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~".indexOf(c) >= 0 || alsoSafe.indexOf(c) >= 0;
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }
}
