/**
 * The coi kernel: the CLI, configuration, the Incus client, plugin loading and the services behind the
 * commands. It never names a plugin; it finds them through {@link dev.coi.api.CoiPlugin}.
 */
module dev.coi.kernel {
    requires dev.coi.api;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    // the incus command line keeps its remotes in YAML
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.tomlj;
    requires pf4j;
    requires org.jansi.core;
    // the resident coi answers only its own user, known from the peer credentials of a unix socket
    requires jdk.net;

    uses dev.coi.api.CoiPlugin;

    opens dev.coi.kernel.cli to info.picocli;

    // the Incus client's JSON records are read and written by Jackson through reflection
    opens dev.coi.kernel.incus to com.fasterxml.jackson.databind;
    opens dev.coi.kernel.network to com.fasterxml.jackson.databind;
    opens dev.coi.kernel.limits to com.fasterxml.jackson.databind;
}
