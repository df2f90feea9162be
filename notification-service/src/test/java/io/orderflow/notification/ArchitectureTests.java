package io.orderflow.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.orderflow.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule domainDoesNotDependOnSpringOrKafka = noClasses()
            .that().resideInAnyPackage("..notification.ledger..", "..notification.email..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "io.orderflow.messaging..", "io.orderflow.web..");

    @ArchTest
    static final ArchRule onlyTheListenerKnowsTheEvents = classes()
            .that().resideInAPackage("..notification.messaging..")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("..notification.messaging..");

    @ArchTest
    static final ArchRule webDoesNotTalkToKafka = noClasses()
            .that().resideInAPackage("..notification.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "io.orderflow.messaging..");
}
