package dev.coi.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a user whose sudo refuses the tests' JVM as root is told. */
class RootJvmTest {

    @Test
    void theRefusalNamesWhatNeededRootTheRefusedJavaTheUserAndTheFix() {
        assertEquals("building the test images needs root, which the tests get through passwordless sudo when not"
                + " run as root, and sudo -n refused /opt/jdk/bin/java for alice: run sudo ./scripts/setup-host.sh"
                + " --ci (it allows the JDK that ./mvnw uses for the user who runs it), or run the tests as root",
                RootJvm.refusal("building the test images", "/opt/jdk/bin/java", "alice"));
    }
}
