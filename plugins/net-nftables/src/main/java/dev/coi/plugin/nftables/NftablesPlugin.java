package dev.coi.plugin.nftables;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Enforces coi's network modes in a table of coi's own in nftables, driven with nft directly. */
public final class NftablesPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "net-nftables";
    }

    @Override
    public String description() {
        return "nftables: enforces the restricted and allowlist network modes in a table of coi's own, one transaction per change";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new NftablesBackend(new NftCommand(), CoiTable.NAME));
    }
}
