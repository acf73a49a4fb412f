package dev.coi.kernel.network.dns;

/**
 * The container behind a source address, and the names it may resolve.
 *
 * @param container the container's name, handed to {@link Admission}
 */
public record ClientPolicy(String container, DomainPatterns allowed) {
}
