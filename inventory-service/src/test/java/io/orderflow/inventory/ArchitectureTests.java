package io.orderflow.inventory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "io.orderflow.inventory", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule domainDoesNotDependOnSpringOrKafka = noClasses()
            .that().resideInAnyPackage("io.orderflow.inventory.reservation..", "io.orderflow.inventory.product..")
            .and().areNotAnnotatedWith(Service.class)
            .and().areNotAnnotatedWith(Repository.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "io.orderflow.messaging..", "io.orderflow.web..");

    @ArchTest
    static final ArchRule onlyTheMessagingPackageTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("io.orderflow.inventory.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "io.orderflow.messaging..");

    @ArchTest
    static final ArchRule featuresDoNotKnowTheirAdapters = noClasses()
            .that().resideInAnyPackage("io.orderflow.inventory.reservation..", "io.orderflow.inventory.product..")
            .should().dependOnClassesThat().resideInAnyPackage("io.orderflow.inventory.web..",
                    "io.orderflow.inventory.messaging..");

    @ArchTest
    static final ArchRule controllersLiveInTheWebPackage = classes()
            .that().areAnnotatedWith(RestController.class)
            .should().resideInAPackage("io.orderflow.inventory.web..")
            .andShould().notBePublic();

    @ArchTest
    static final ArchRule onlyRepositoriesSpeakSql = noClasses()
            .that().areNotAnnotatedWith(Repository.class)
            .should().dependOnClassesThat().areAssignableTo(JdbcClient.class)
            .orShould().dependOnClassesThat().areAssignableTo(JdbcTemplate.class);
}
