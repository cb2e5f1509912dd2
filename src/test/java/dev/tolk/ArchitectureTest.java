package dev.tolk;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The dependency rules of docs/architecture.md, over every package. */
class ArchitectureTest {

    /** The core: no Spring, no HTTP. */
    static final String[] CORE = {
        "dev.tolk.model..",
        "dev.tolk.decode..",
        "dev.tolk.training..",
        "dev.tolk.data..",
        "dev.tolk.text..",
        "dev.tolk.metrics..",
        "dev.tolk.modelstore..",
        "dev.tolk.io..",
        "dev.tolk.runtime..",
        "dev.tolk.document.."
    };

    /** The features around the core, which may use Spring but not HTTP outside controllers. */
    static final String[] FEATURES = {
        "dev.tolk.translate..", "dev.tolk.job..", "dev.tolk.evaluate..", "dev.tolk.glossary.."
    };

    /** A controller, or a class nested in one. */
    private static final DescribedPredicate<JavaClass> CONTROLLER_CODE =
            DescribedPredicate.describe(
                    "controller code",
                    c -> {
                        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
                            if (k.isAnnotatedWith(RestController.class)) {
                                return true;
                            }
                        }
                        return false;
                    });

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.tolk");

    @Test
    void everyPackageIsNamedByARule() {
        Set<String> known = new TreeSet<>();
        for (String p : CORE) {
            known.add(p.replace("..", ""));
        }
        for (String p : FEATURES) {
            known.add(p.replace("..", ""));
        }
        known.addAll(Set.of("dev.tolk", "dev.tolk.cli", "dev.tolk.web"));
        Set<String> packages = new TreeSet<>();
        CLASSES.forEach(c -> packages.add(c.getPackageName()));
        org.assertj.core.api.Assertions.assertThat(known)
                .as("a new package needs its place in the rules and in docs/architecture.md")
                .containsAll(packages);
    }

    @Test
    void theCoreImportsNothingFromSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void theCoreUsesNoFeatureNorTheCommandLine() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tolk.translate..",
                        "dev.tolk.job..",
                        "dev.tolk.evaluate..",
                        "dev.tolk.glossary..",
                        "dev.tolk.web..",
                        "dev.tolk.cli..")
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

    @Test
    void searchDoesNotReachIntoTheModelStore() {
        noClasses()
                .that()
                .resideInAPackage("dev.tolk.decode..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tolk.modelstore..")
                .check(CLASSES);
    }

    @Test
    void onlyControllersAndConfigurationUseTheWebLayer() {
        classes()
                .that()
                .resideOutsideOfPackage("dev.tolk.web..")
                .and()
                .areNotAnnotatedWith(RestController.class)
                .and()
                .areNotAnnotatedWith(Configuration.class)
                .should()
                .onlyDependOnClassesThat(are(not(resideInAPackage("dev.tolk.web.."))))
                .check(CLASSES);
    }

    @Test
    void servicesSpeakNoHttp() {
        noClasses()
                .that()
                .resideInAnyPackage(FEATURES)
                .and(not(CONTROLLER_CODE))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.http..",
                        "org.springframework.web..",
                        "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void problemsAreMappedInOnePlace() {
        classes()
                .that()
                .areAnnotatedWith(RestControllerAdvice.class)
                .should()
                .resideInAPackage("dev.tolk.web")
                .check(CLASSES);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.tolk.web..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.http.ProblemDetail.class)
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.tolk.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
