package io.orderflow.testsupport.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules that hold every service to one shape. A service's code lives under {@code io.orderflow.<service>}: its
 * application class at the top, {@code web/} (controllers and the HTTP configuration), {@code messaging/} (the Kafka
 * listeners, the integration events, and the adapters of the features' outgoing-events ports), and one feature package
 * per aggregate that holds the domain, its use cases and its persistence (the Spring Data repository and its
 * set-based fragments). The rules name no class and exempt no annotation; each applies to every service alike.
 *
 * <p>A service applies them all with {@code @ArchTest static final ArchTests rules =
 * ArchTests.in(ServiceArchitectureRules.class);} in a test class that imports its main classes only.
 */
public final class ServiceArchitectureRules {

    private static final String WEB = "io.orderflow.*.web..";
    private static final String MESSAGING = "io.orderflow.*.messaging..";
    private static final String[] HTTP = { "org.springframework.web..", "org.springframework.http..",
            "org.springframework.security..", "jakarta.servlet..", "org.eclipse.jetty..", "io.orderflow.web.." };
    private static final String[] KAFKA = { "org.apache.kafka..", "org.springframework.kafka..", "io.cloudevents..",
            "io.orderflow.messaging.." };

    private static final String[] PERSISTENCE = { "jakarta.persistence..", "org.hibernate..",
            "org.springframework.data..", "org.springframework.jdbc..", "org.springframework.dao..",
            "org.springframework.orm..", "org.springframework.transaction..", "java.sql..", "javax.sql.." };
    private static final String[] DATABASE = { "jakarta.persistence..", "org.hibernate..",
            "org.springframework.data..", "org.springframework.jdbc..", "java.sql..", "javax.sql.." };
    private static final DescribedPredicate<JavaClass> RECORDS_ENUMS_AND_EXCEPTIONS = DescribedPredicate.describe(
            "are records, enums or exceptions",
            type -> type.isRecord() || type.isEnum() || type.isAssignableTo(Throwable.class));

    private ServiceArchitectureRules() {
    }

    @ArchTest
    public static final ArchRule featuresKnowNeitherHttpNorKafka = noClasses()
            .that().resideOutsideOfPackages(WEB, MESSAGING)
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, KAFKA))
            .because("a feature's domain and use cases are reached through web/ and messaging/, and announce what "
                    + "happened through a port that messaging/ implements");

    @ArchTest
    public static final ArchRule theFeaturesRecordsEnumsAndExceptionsKnowNoPersistence = noClasses()
            .that().resideOutsideOfPackages(WEB, MESSAGING)
            .and(RECORDS_ENUMS_AND_EXCEPTIONS)
            .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE)
            .because("a feature's values, read models and outcomes are plain Java; only its entities carry mapping "
                    + "annotations, and only its repositories speak to the database");

    @ArchTest
    public static final ArchRule webIsReachedByNoOtherPackage = noClasses()
            .that().resideOutsideOfPackage(WEB)
            .should().dependOnClassesThat().resideInAPackage(WEB)
            .because("Spring wires web/ in; nothing else calls it");

    @ArchTest
    public static final ArchRule messagingIsReachedByNoOtherPackage = noClasses()
            .that().resideOutsideOfPackage(MESSAGING)
            .should().dependOnClassesThat().resideInAPackage(MESSAGING)
            .because("Spring wires messaging/ in; the features call it only through their outgoing-events ports");

    @ArchTest
    public static final ArchRule webKnowsNothingOfKafka = noClasses()
            .that().resideInAPackage(WEB)
            .should().dependOnClassesThat().resideInAnyPackage(KAFKA);

    @ArchTest
    public static final ArchRule messagingKnowsNothingOfHttp = noClasses()
            .that().resideInAPackage(MESSAGING)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP);

    @ArchTest
    public static final ArchRule webAndMessagingReachTheDatabaseOnlyThroughTheFeatures = noClasses()
            .that().resideInAnyPackage(WEB, MESSAGING)
            .should().dependOnClassesThat().resideInAnyPackage(DATABASE);

    @ArchTest
    public static final ArchRule controllersLiveInWebAndAreNotPublic = classes()
            .that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .or().areAnnotatedWith("org.springframework.stereotype.Controller")
            .or().areAnnotatedWith("org.springframework.web.bind.annotation.RestControllerAdvice")
            .or().areAnnotatedWith("org.springframework.web.bind.annotation.ControllerAdvice")
            .should().resideInAPackage(WEB)
            .andShould().notBePublic();

    @ArchTest
    public static final ArchRule kafkaListenersLiveInMessaging = methods()
            .that().areAnnotatedWith("org.springframework.kafka.annotation.KafkaListener")
            .should().beDeclaredInClassesThat().resideInAPackage(MESSAGING);

    @ArchTest
    public static final ArchRule repositoriesLiveBesideTheirAggregate = classes()
            .that().areAssignableTo("org.springframework.data.repository.Repository")
            .should().resideOutsideOfPackages(WEB, MESSAGING)
            .because("an aggregate's persistence lives in its feature package")
            // a service whose repositories are plain JDBC has none
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule useCasesReturnTheServicesOwnTypesNotSpringsOnes = noMethods()
            .that().arePublic()
            .and().areDeclaredInClassesThat().resideOutsideOfPackages(WEB, MESSAGING)
            .and().areDeclaredInClassesThat().areNotInterfaces()
            .should().haveRawReturnType(resideInAPackage("org.springframework.."))
            .because("web/ adapts a use case's answer; a Page or a ResponseEntity is web/'s business");

    @ArchTest
    public static final ArchRule theTopLevelPackagesOfAServiceAreFreeOfCycles = slices()
            .matching("io.orderflow.*.(*)..")
            .should().beFreeOfCycles();

    private static String[] concat(String[] first, String[] second) {
        String[] both = new String[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
