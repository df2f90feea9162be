package io.orderflow.testsupport.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rules of a platform module (messaging, web): its packages depend on each other one way only, and each of its
 * public classes is exercised by a test of the module itself, not only through the services.
 */
public final class PlatformModuleRules {

    private final String[] packages;
    private final JavaClasses mainClasses;

    private PlatformModuleRules(String[] packages) {
        this.packages = packages;
        this.mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** Returns the rules of the module whose main classes are in {@code packages} and below. */
    public static PlatformModuleRules of(String... packages) {
        return new PlatformModuleRules(packages);
    }

    /** Fails if the main classes' slices, as {@code slicePattern} cuts them (ArchUnit's syntax), form a cycle. */
    public void assertFreeOfCycles(String slicePattern) {
        slices().matching(slicePattern).should().beFreeOfCycles().check(mainClasses);
    }

    /** Fails unless every public top-level main class is used directly by a test class of the same packages. */
    public void assertEveryPublicClassIsExercisedByATest() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(packages);
        Set<String> used = tests.stream().flatMap(test -> test.getDirectDependenciesFromSelf().stream())
                .map(dependency -> dependency.getTargetClass().getName()).collect(Collectors.toSet());

        List<String> untested = mainClasses.stream()
                .filter(type -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getName).filter(name -> !used.contains(name)).sorted().toList();

        assertThat(untested).as("public classes that no test of the module uses").isEmpty();
    }
}
