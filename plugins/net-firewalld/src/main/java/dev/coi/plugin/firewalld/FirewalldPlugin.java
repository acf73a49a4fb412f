package dev.coi.plugin.firewalld;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Contributes firewalld checks; enforcing network modes with direct rules comes with the network isolation work. */
public final class FirewalldPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "net-firewalld";
    }

    @Override
    public String description() {
        return "firewalld: checks that it runs and can be driven (rule enforcement is not built yet)";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new FirewalldChecks(new FirewallState()));
    }
}
