package io.orderflow.web;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
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
}
