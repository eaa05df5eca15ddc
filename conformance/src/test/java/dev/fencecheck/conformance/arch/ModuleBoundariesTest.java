package dev.fencecheck.conformance.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-way arrows of DESIGN.md: drivers see the api only, the api sees nothing of ours, the
 * validator knows nothing of the kernel objects built on it, and the model knows nothing of the
 * conformance suite.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fencecheck");
    }

    @Test
    void driversDependOnTheApiOnlyNotOnTheKernelModel() {
        noClasses().that().resideInAPackage("dev.fencecheck.drivers..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.fencecheck.lockdep..", "dev.fencecheck.kernel..", "dev.fencecheck.exec..",
                        "dev.fencecheck.scenario..", "dev.fencecheck.conformance..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void driversDoNotDependOnEachOther() {
        String[] vendors = {"amd", "i915", "nouveau", "armsoc"};
        for (String vendor : vendors) {
            String[] others = java.util.Arrays.stream(vendors).filter(v -> !v.equals(vendor))
                    .map(v -> "dev.fencecheck.drivers." + v + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.fencecheck.drivers." + vendor + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void theApiDependsOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.fencecheck.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.fencecheck.api..", "java..")
                .check(classes);
    }

    @Test
    void theValidatorKnowsNothingOfKernelObjectsScenariosOrTheSuite() {
        noClasses().that().resideInAPackage("dev.fencecheck.lockdep..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fencecheck.kernel..",
                        "dev.fencecheck.scenario..", "dev.fencecheck.conformance..", "dev.fencecheck.api..")
                .check(classes);
    }

    @Test
    void theKernelModelDoesNotDependOnTheConformanceSuite() {
        noClasses().that().resideInAnyPackage("dev.fencecheck.lockdep..", "dev.fencecheck.kernel..",
                        "dev.fencecheck.scenario..")
                .should().dependOnClassesThat().resideInAPackage("dev.fencecheck.conformance..")
                .check(classes);
    }
}
