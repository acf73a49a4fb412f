package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An image alias: a name for an image fingerprint. In an image's alias list only name and description are
 * filled in.
 *
 * @param name the alias
 * @param target the fingerprint it points to
 * @param description what it is for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageAlias(String name, String target, String description) {
}
