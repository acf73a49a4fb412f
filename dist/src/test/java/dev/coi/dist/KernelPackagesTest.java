package dev.coi.dist;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The walls inside the kernel: its packages form no cycle, and the lower ones never see the upper ones. */
@AnalyzeClasses(packages = "dev.coi.kernel", importOptions = ProductionClassesOnly.class)
class KernelPackagesTest {

    private static final String KERNEL = "dev.coi.kernel";

    /**
     * Every package of the kernel is a slice of its own, the root package ({@code Main}) too, which a pattern like
     * {@code dev.coi.kernel.(**)} leaves out.
     */
    private static final SliceAssignment KERNEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals(KERNEL) || name.startsWith(KERNEL + ".") ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + KERNEL;
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(KERNEL_PACKAGES).should().beFreeOfCycles()
            .because("a package can then be understood, tested and replaced from below, without the ones above it");

    @ArchTest
    static final ArchRule baseIsTheBottom = noClasses().that().resideInAPackage(KERNEL + ".base..")
            .should().dependOnClassesThat(kernelOutsideOf(KERNEL + ".base.."))
            .because("base holds what every package shares (errors, exit codes, local files)");

    @ArchTest
    static final ArchRule incusClientIsALeaf = noClasses().that().resideInAPackage(KERNEL + ".incus..")
            .should().dependOnClassesThat(kernelOutsideOf(KERNEL + ".incus..", KERNEL + ".base.."))
            .because("the Incus client speaks Incus' API; what coi makes of it lives above it");

    @ArchTest
    static final ArchRule configNeedsOnlyBase = noClasses().that().resideInAPackage(KERNEL + ".config..")
            .should().dependOnClassesThat(kernelOutsideOf(KERNEL + ".config..", KERNEL + ".base.."))
            .because("the configuration is read before any service exists");

    @ArchTest
    static final ArchRule sessionsDoNotSeeCommandsHealthOrSnapshots = noClasses()
            .that().resideInAPackage(KERNEL + ".sessions..")
            .should().dependOnClassesThat().resideInAnyPackage(KERNEL + ".cli..", KERNEL + ".health..",
                    KERNEL + ".snapshots..")
            .because("sessions are the core the commands, the health checks and snapshots are built on");

    @ArchTest
    static final ArchRule leavesNeedOnlyBase = noClasses()
            .that().resideInAnyPackage(KERNEL + ".host..", KERNEL + ".keeper..", KERNEL + ".tools..")
            .should().dependOnClassesThat(kernelOutsideOf(KERNEL + ".host..", KERNEL + ".keeper..",
                    KERNEL + ".tools..", KERNEL + ".base.."))
            .because("host commands, the keeper's loop and the tool registry know nothing of sessions or Incus");

    @ArchTest
    static final ArchRule onlyTheCommandsSeeTheWiring = noClasses()
            .that(kernelOutsideOf(KERNEL + ".wiring..", KERNEL + ".cli.."))
            .should().dependOnClassesThat().resideInAPackage(KERNEL + ".wiring..")
            .because("services get what they use handed in; only the command line asks the wiring for them");

    @ArchTest
    static final ArchRule nothingSeesTheEntryPoint = noClasses().that().resideOutsideOfPackage(KERNEL)
            .should().dependOnClassesThat().resideInAPackage(KERNEL)
            .because("the root package only starts coi (Main); it is the top that nothing imports");

    /** Classes of the kernel outside the given packages; the kernel's own packages are all this file is about. */
    private static DescribedPredicate<JavaClass> kernelOutsideOf(String... packages) {
        return resideInAPackage(KERNEL + "..").and(resideOutsideOfPackages(packages))
                .as("reside in the kernel outside " + String.join(", ", packages));
    }
}
