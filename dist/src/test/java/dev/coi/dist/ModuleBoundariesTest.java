package dev.coi.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rooms of architecture.md: who may see whom. */
@AnalyzeClasses(packages = "dev.coi", importOptions = ProductionClassesOnly.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule apiIsALeaf = classes().that().resideInAPackage("dev.coi.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.coi.api..", "java..")
            .because("plugin authors build against coi-api alone: no PF4J, Jackson or Incus types in it");

    @ArchTest
    static final ArchRule pluginsSeeOnlyTheApi = classes().that().resideInAPackage("dev.coi.plugin..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.coi.api..", "dev.coi.plugin..", "java..")
            .because("a plugin talks to the kernel only through the ports of coi-api");

    @ArchTest
    static final ArchRule pluginsDoNotSeeEachOther = slices().matching("dev.coi.plugin.(*)..")
            .should().notDependOnEachOther()
            .because("each plugin is one swappable extension");

    @ArchTest
    static final ArchRule kernelNeverNamesAPlugin = noClasses().that().resideInAPackage("dev.coi.kernel..")
            .should().dependOnClassesThat().resideInAPackage("dev.coi.plugin..")
            .because("the kernel finds plugins through ServiceLoader, never by name");

    @ArchTest
    static final ArchRule cliDoesNotTalkToIncus = noClasses().that().resideInAPackage("dev.coi.kernel.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.coi.kernel.incus..")
            .because("commands stay thin: they call kernel services, which own the Incus client");

    @ArchTest
    static final ArchRule servicesDoNotDependOnTheCli = noClasses().that().resideInAPackage("dev.coi.kernel..")
            .and().resideOutsideOfPackage("dev.coi.kernel.cli..").and().resideOutsideOfPackage("dev.coi.kernel")
            .should().dependOnClassesThat().resideInAPackage("dev.coi.kernel.cli..")
            .because("the CLI is the outermost layer; services must work without it");
}
