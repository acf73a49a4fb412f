package dev.coi.kernel.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that must not run while another class holding the same lock runs, in this JVM or in another one of
 * the same run: the integration tests run in parallel JVMs, and some share something of the host's that only one
 * may change at a time (the forbidden hosts' addresses and routes, the {@code coi} image alias). The lock is held
 * from before the class's first test to after its last ({@link HostLockExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(HostLockExtension.class)
public @interface HostLock {

    /** The network tests' forbidden hosts, policy routes and firewalld rules. */
    String NETWORK = "network";

    /** The image alias {@code coi}, which {@code coi build} moves. */
    String COI_ALIAS = "coi-alias";

    /**
     * The lock's name.
     *
     * @return one of the constants here
     */
    String value();
}
