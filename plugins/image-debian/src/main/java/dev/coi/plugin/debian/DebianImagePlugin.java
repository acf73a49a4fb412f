package dev.coi.plugin.debian;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Contributes the coi image made from Debian: its content script and the offline build from a Debian mirror. */
public final class DebianImagePlugin implements CoiPlugin {

    @Override
    public String id() {
        return "image-debian";
    }

    @Override
    public String description() {
        return "The coi image from Debian: its content script, and the offline base (debootstrap from the host's"
                + " Debian mirror, coi build --base offline)";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new DebianImageBase());
    }
}
