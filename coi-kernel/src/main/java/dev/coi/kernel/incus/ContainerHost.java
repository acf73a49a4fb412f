package dev.coi.kernel.incus;

import java.util.List;
import java.util.Optional;

/**
 * The machine that runs the containers a client creates, as far as it can be told before one is made: the server
 * itself, or in a cluster the member the target names (or the only member there is). What runs elsewhere can get
 * neither a folder of this machine nor rules of this machine's firewall.
 *
 * @param here whether that machine is this one
 * @param where where they run, in words for messages: {@code this machine}, {@code remote "big" (https://...)},
 *              {@code member "m2" of the cluster at remote "big" (https://...)}
 * @param why why that is not this machine, in words that follow "and": {@code that server is another machine};
 *            empty when it is
 * @param remedy what makes them run here, a sentence; empty when they do
 */
public record ContainerHost(boolean here, String where, String why, String remedy) {

    /** The local daemon, which is no cluster. */
    public static final ContainerHost THIS_MACHINE = new ContainerHost(true, "this machine", "", "");

    /**
     * A server that is not a cluster.
     *
     * @param endpoint how it is reached
     * @param here whether it is this machine's daemon
     * @return where its containers run
     */
    static ContainerHost server(IncusEndpoint endpoint, boolean here) {
        if (endpoint instanceof SocketLocation) {
            return THIS_MACHINE;
        }
        return here ? new ContainerHost(true, endpoint.describe(), "", "")
                : new ContainerHost(false, endpoint.describe(), "that server is another machine",
                        "Run coi on that server, or use the local Incus (leave out --remote and incus.remote)");
    }

    /**
     * A cluster: its containers run on the member the target names, else on the one its scheduler picks.
     *
     * @param endpoint how it is reached
     * @param members its members' names
     * @param target the member asked for ({@code incus.target}), or empty for the scheduler's choice
     * @param thisMachine the member that is this machine's daemon, or empty when none is
     * @return where its containers run
     */
    static ContainerHost cluster(IncusEndpoint endpoint, List<String> members, Optional<String> target,
            Optional<String> thisMachine) {
        String cluster = "the cluster at " + endpoint.describe();
        String toThisMachine = thisMachine.map(member -> "Choose this machine's member with --target " + member
                + " (or incus.target)").orElse("Run coi on the member that is to run the container and give its"
                + " name with --target (or incus.target)");
        Optional<String> member = target.or(() -> members.size() == 1 ? Optional.of(members.getFirst())
                : Optional.empty());
        if (member.isEmpty()) {
            return new ContainerHost(false, cluster, "its scheduler picks one of its " + members.size()
                    + " members (" + String.join(", ", members) + "), which may be another machine", toThisMachine);
        }
        String where = "member \"" + member.get() + "\" of " + cluster;
        if (member.equals(thisMachine)) {
            return new ContainerHost(true, where, "", "");
        }
        return new ContainerHost(false, where, "that member is another machine" + thisMachine.map(
                own -> " (this machine is member \"" + own + "\")").orElse(""), toThisMachine);
    }
}
