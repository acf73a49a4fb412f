package dev.coi.kernel.images.build;

import dev.coi.kernel.base.CoiException;
import java.util.regex.Pattern;

/**
 * What an image build starts from, as {@code --base} or the setting {@code build.base} names it.
 *
 * <ul>
 *   <li>{@code auto}: the image base's remote image ({@code images:...}) when its server answers within a few
 *       seconds, else offline;</li>
 *   <li>{@code offline}: a root file system made on this host by the image base, no container;</li>
 *   <li>{@code images:ALIAS}: an image of the simplestreams server {@code build.images_server}, which Incus
 *       downloads itself;</li>
 *   <li>anything else: a local image alias or fingerprint.</li>
 * </ul>
 */
public sealed interface BuildBase {

    /** The name of the base in messages, as the user would write it. */
    String display();

    /**
     * Reads a base.
     *
     * @param text the value of {@code --base} or {@code build.base}
     * @param imagesServer the server {@code images:} names ({@code build.images_server})
     * @throws CoiException a usage error for a remote other than {@code images:} or an empty name
     */
    static BuildBase parse(String text, String imagesServer) {
        String base = text.strip();
        if (base.equals("auto")) {
            return new Auto(imagesServer);
        }
        if (base.equals("offline")) {
            return new Offline();
        }
        int colon = base.indexOf(':');
        if (colon < 0) {
            if (!Local.NAME.matcher(base).matches()) {
                throw CoiException.usage("invalid base '" + text + "': expected auto, offline, images:ALIAS or a local"
                        + " image alias or fingerprint");
            }
            return new Local(base);
        }
        String remote = base.substring(0, colon);
        String alias = base.substring(colon + 1);
        if (!remote.equals("images") || alias.isEmpty()) {
            throw CoiException.usage("invalid base '" + text + "': coi pulls remote images only from 'images:' (the"
                    + " server build.images_server names, " + imagesServer + "), e.g. images:ubuntu/24.04");
        }
        return new Remote(imagesServer, alias);
    }

    /**
     * A remote base when its server answers, else offline.
     *
     * @param imagesServer the server to try
     */
    record Auto(String imagesServer) implements BuildBase {
        @Override
        public String display() {
            return "auto";
        }
    }

    /** A root file system made on this host by the image base. */
    record Offline() implements BuildBase {
        @Override
        public String display() {
            return "offline";
        }
    }

    /**
     * A local image.
     *
     * @param image its alias or fingerprint
     */
    record Local(String image) implements BuildBase {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

        @Override
        public String display() {
            return image;
        }
    }

    /**
     * An image of a simplestreams server.
     *
     * @param server the server's URL
     * @param alias the image's alias there, e.g. {@code ubuntu/24.04}
     */
    record Remote(String server, String alias) implements BuildBase {
        @Override
        public String display() {
            return "images:" + alias;
        }
    }
}
