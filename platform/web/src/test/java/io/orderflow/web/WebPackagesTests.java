package io.orderflow.web;

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
import org.junit.jupiter.api.Test;

class WebPackagesTests {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.orderflow.web");

    @Test
    void webPackagesAreFreeOfCycles() {
        // io.orderflow.web is a slice of its own, next to io.orderflow.web.security
        slices().matching("io.orderflow.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }

    @Test
    void everyPublicClassIsExercisedByATestOfThisModule() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.orderflow.web");
        Set<String> used = tests.stream().flatMap(test -> test.getDirectDependenciesFromSelf().stream())
                .map(dependency -> dependency.getTargetClass().getName()).collect(Collectors.toSet());

        List<String> untested = MAIN_CLASSES.stream()
                .filter(type -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getName).filter(name -> !used.contains(name)).sorted().toList();

        assertThat(untested).isEmpty();
    }
}
