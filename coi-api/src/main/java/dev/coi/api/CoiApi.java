package dev.coi.api;

/**
 * The version of this API, which plugins declare they are built against.
 *
 * <p>It follows semantic versioning on its own, apart from the coi release version: a plugin built
 * against 0.1.x keeps working with every 0.1.y kernel.
 *
 * @since 0.1.0
 */
public final class CoiApi {

    /** The version of the extension contract this kernel implements. */
    public static final String VERSION = "0.1.0";

    private CoiApi() {
    }
}
