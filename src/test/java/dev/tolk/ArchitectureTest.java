package dev.tolk;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of the design (docs/architecture.md). */
class ArchitectureTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tolk");

    @Test
    void corePackagesImportNothingFromSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.tolk.model..",
                        "dev.tolk.decode..",
                        "dev.tolk.text..",
                        "dev.tolk.data..",
                        "dev.tolk.training..",
                        "dev.tolk.metrics..",
                        "dev.tolk.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void modelDependsOnNoOtherTolkPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.tolk.model..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.tolk..")
                                .and(resideOutsideOfPackage("dev.tolk.model..")))
                .check(CLASSES);
    }
}
