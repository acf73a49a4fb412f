package dev.coi.kernel.keeper;

/** One thing the keeper looks after for containers that run without coi: their network rules, their deadlines. */
public interface KeeperDuty {

    /** Whether there is anything to look after now; the keeper ends when no duty has. */
    boolean hasWork();

    /** One look at everything this duty watches. Failures are logged by the duty and never end the keeper. */
    void tick();

    /** coi's folder was deleted (a test's home went away): whatever needs no record is cleaned up before the end. */
    default void abandoned() {
    }
}
