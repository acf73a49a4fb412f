package dev.coi.plugin.firewalld;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Enforces coi's network modes with firewalld direct rules and checks that firewalld can be driven. */
public final class FirewalldPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "net-firewalld";
    }

    @Override
    public String description() {
        return "firewalld: enforces the restricted and allowlist network modes with direct rules, and checks that it can be driven";
    }

    @Override
    public List<Extension> extensions() {
        FirewallState state = new FirewallState();
        return List.of(new FirewalldBackend(state), new FirewalldChecks(state));
    }
}
