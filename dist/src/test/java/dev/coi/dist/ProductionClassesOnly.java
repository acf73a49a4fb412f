package dev.coi.dist;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out test classes, including those of other modules that reach this one as {@code -tests.jar}
 * files, which ArchUnit's own option does not recognise.
 */
final class ProductionClassesOnly implements ImportOption {

    private final ImportOption buildFolders = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
        return buildFolders.includes(location) && !location.contains("-tests.jar");
    }
}
