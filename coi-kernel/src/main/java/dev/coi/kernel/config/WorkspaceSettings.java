package dev.coi.kernel.config;

/**
 * The {@code workspace.*} keys.
 *
 * @param mode {@code auto}, {@code mount} or {@code copy}
 * @param maxBytes most bytes of file content one sync of a copied workspace takes back
 * @param maxFiles most tar members one sync takes back
 */
public record WorkspaceSettings(String mode, long maxBytes, int maxFiles) {
}
