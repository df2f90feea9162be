package io.orderflow.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

@AnalyzeClasses(packages = "io.orderflow.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule theOrderModelKnowsNeitherSpringNorKafka = noClasses()
            .that().resideInAPackage("io.orderflow.order.order..")
            .and().areNotAnnotatedWith(Service.class)
            .and().areNotAnnotatedWith(Repository.class)
            .and().doNotHaveSimpleName("OrderRepository")
            .and().doNotHaveSimpleName("OrderBatchWritesImpl")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "io.orderflow.messaging..", "io.cloudevents..");

    @ArchTest
    static final ArchRule useCasesDoNotKnowHowEventsTravel = noClasses()
            .that().resideInAPackage("io.orderflow.order.order..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "io.orderflow.messaging..", "io.orderflow.order.messaging..", "io.orderflow.order.web..");

    @ArchTest
    static final ArchRule theWebLayerDoesNotTalkToKafka = noClasses()
            .that().resideInAPackage("io.orderflow.order.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "io.orderflow.messaging..", "io.orderflow.order.messaging..");
}
