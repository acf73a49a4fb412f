package dev.coi.api;

/**
 * The values of an extension's {@link ConfigSection} in the effective configuration, read-only. Every option of the
 * section has a value: the one a config file, profile or flag set, else its default. Values were checked against
 * their options before the extension sees them.
 *
 * @since 0.2.0
 */
public interface ExtensionConfig {

    /**
     * The value of an option of the section.
     *
     * @param option one of the options of the extension's section
     * @param <T> the option's value type
     * @return the value, never {@code null}
     * @throws IllegalArgumentException when the option is not one of the section's
     */
    <T> T get(ConfigOption<T> option);

    /**
     * Every option at its default: what an extension works with before the kernel configured it, and in tests.
     *
     * @return the defaults
     */
    static ExtensionConfig defaults() {
        return ConfigOption::defaultValue;
    }
}
