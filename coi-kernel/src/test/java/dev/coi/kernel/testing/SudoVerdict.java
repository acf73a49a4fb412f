package dev.coi.kernel.testing;

import java.util.function.Supplier;

/**
 * Whether sudo lets the tests do something as root, found out once per JVM: a refusal then fails every caller with
 * the same message naming the fix, instead of a failed command half-way through each test.
 */
public final class SudoVerdict {

    private boolean checked;
    private String refusal;

    /**
     * Fails unless the verdict allows; the first caller's check decides for all.
     *
     * @param check what to tell the user when sudo refuses, or null when it allows
     * @throws IllegalStateException with that message
     */
    public synchronized void require(Supplier<String> check) {
        if (!checked) {
            checked = true;
            refusal = check.get();
        }
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
    }
}
