package dev.coi.kernel.incus;

/**
 * Told of every stop and delete of an instance through an {@link IncusClient}, whichever command asked for it, so
 * that what belongs to an instance outside Incus (its firewall rules, its deadline) goes with it. Must not throw.
 */
public interface InstanceEnds {

    /**
     * After a stop; what must stay while the stopped instance may start again stays.
     *
     * @param name the instance name
     */
    void stopped(String name);

    /**
     * After a delete; a running instance deleted forcibly was {@link #stopped} first.
     *
     * @param name the instance name
     */
    void deleted(String name);
}
