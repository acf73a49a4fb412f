/**
 * The contract between the coi kernel and its plugins.
 *
 * <p>A plugin implements {@link dev.coi.api.CoiPlugin} and lists its {@link dev.coi.api.Extension}s; the kernel
 * calls them with narrow ports ({@link dev.coi.api.ContainerHandle}, {@link dev.coi.api.HostCommands},
 * {@link dev.coi.api.HostProbe}, {@link dev.coi.api.Progress}) instead of its own internals. This module depends
 * on the JDK only.
 *
 * @since 0.1.0
 */
module dev.coi.api {
    exports dev.coi.api;
}
