package io.orderflow.notification;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import io.orderflow.testsupport.architecture.ServiceArchitectureRules;

@AnalyzeClasses(packages = "io.orderflow.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchTests theRulesOfEveryService = ArchTests.in(ServiceArchitectureRules.class);
}
