package io.orderflow.messaging;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class MessagingPackagesTests {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.orderflow.messaging", "io.orderflow.jdbc");

    @Test
    void messagingPackagesAreFreeOfCycles() {
        slices().matching("io.orderflow.messaging.(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}
