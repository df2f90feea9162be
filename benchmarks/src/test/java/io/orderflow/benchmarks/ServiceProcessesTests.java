package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import io.orderflow.benchmarks.ServiceProcesses.Found;
import io.orderflow.benchmarks.ServiceProcesses.Role;

class ServiceProcessesTests {

    private static final Map<String, Integer> PORTS = Map.of("order-service", 8081, "inventory-service", 8082,
            "notification-service", 8083);
    private static final String JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ";

    @Test
    void everyPartOfTheLocalRunIsFoundAndTheLoadGeneratorComesLast(@TempDir Path root) {
        FakeProc proc = new FakeProc(root)
                .process(1, "init", 0, 1, "/sbin/init")
                .process(900, "java", 1, 5, JAVA + "-Xmx256m -jar /w/local-run/target/orderflow-local-run.jar run")
                .process(910, "java", 900, 5, JAVA + "-Xms256m -cp /w/kafka/libs/* kafka.Kafka /w/server.properties")
                .process(920, "java", 900, 5, 0, 0, 0, JAVA + "-Xmx256m -jar /w/order-service/order-service.jar",
                        Map.of("SERVER_PORT", "8081"))
                .process(921, "java", 900, 5, 0, 0, 0, JAVA + "-jar /w/inventory-service/inventory-service.jar",
                        Map.of("SERVER_PORT", "8082"))
                .process(922, "java", 900, 5, 0, 0, 0,
                        JAVA + "-jar /w/notification-service/notification-service.jar", Map.of("SERVER_PORT", "8083"))
                .process(930, "postgres", 1, 5, "/w/.orderflow/pg/bin/postgres -D /w/.orderflow/postgres -p 5432")
                .process(931, "postgres", 930, 5, "postgres: checkpointer ")
                .process(932, "postgres", 930, 5, "postgres: order_service orders 127.0.0.1(53420) idle")
                .process(950, "java", 1, 5, JAVA + "-jar benchmarks/target/orderflow-benchmarks.jar --smoke")
                .process(960, "bash", 1, 5, "bash -c echo postgres kafka.Kafka order-service");

        List<Found> found = ServiceProcesses.find(proc.procFs(), PORTS, 950);

        assertThat(found).extracting(Found::role, Found::part, Found::pid).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.BROKER, "broker", 910L),
                org.assertj.core.groups.Tuple.tuple(Role.POSTGRES, "postgresql", 930L),
                org.assertj.core.groups.Tuple.tuple(Role.POSTGRES, "postgresql", 931L),
                org.assertj.core.groups.Tuple.tuple(Role.POSTGRES, "postgresql", 932L),
                org.assertj.core.groups.Tuple.tuple(Role.SERVICE, "order-service", 920L),
                org.assertj.core.groups.Tuple.tuple(Role.SERVICE, "inventory-service", 921L),
                org.assertj.core.groups.Tuple.tuple(Role.SERVICE, "notification-service", 922L),
                org.assertj.core.groups.Tuple.tuple(Role.MAIL_CATCHER, "mail catcher (launcher)", 900L),
                org.assertj.core.groups.Tuple.tuple(Role.LOAD_GENERATOR, "load generator", 950L));
    }

    @Test
    void postgresProcessesAreGroupedByThePostmasterTheyDescendFrom(@TempDir Path root) {
        FakeProc proc = new FakeProc(root)
                .process(100, "postgres", 1, 5, "/opt/pg/bin/postgres -D /data/a")
                .process(101, "postgres", 100, 5, "postgres: walwriter ")
                .process(102, "postgres", 100, 5, "postgres: orders orders 127.0.0.1(5) idle")
                .process(200, "postgres", 1, 5, "postgres -D /data/b")
                .process(201, "postgres", 200, 5, "postgres: checkpointer ");

        List<Found> found = ServiceProcesses.find(proc.procFs(), PORTS, 999);

        assertThat(found).filteredOn(f -> f.part().equals("postgresql 100")).extracting(Found::pid)
                .containsExactly(100L, 101L, 102L);
        assertThat(found).filteredOn(f -> f.part().equals("postgresql 200")).extracting(Found::pid)
                .containsExactly(200L, 201L);
    }

    @Test
    void aServiceOnAnotherPortIsNotThisSystemsAndExtraInstancesAreNamedByTheirPort(@TempDir Path root) {
        FakeProc proc = new FakeProc(root)
                .process(10, "java", 1, 5, 0, 0, 0, "java -jar order-service.jar", Map.of("SERVER_PORT", "8081"))
                .process(11, "java", 1, 5, 0, 0, 0, "java -jar order-service.jar", Map.of("SERVER_PORT", "8091"))
                .process(12, "java", 1, 5, 0, 0, 0, "java -jar order-service.jar", Map.of("SERVER_PORT", "9081"));

        List<Found> found = ServiceProcesses.find(proc.procFs(), PORTS, 999);

        assertThat(found).extracting(Found::part).containsExactly("order-service :8081", "order-service :8091");
        assertThat(found).extracting(Found::service).containsOnly("order-service");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "/usr/lib/postgresql/16/bin/postgres -D /var/lib/pg, true", "'postgres: autovacuum launcher ', true",
            "postgres -D /data, true", "psql -c select, false", "java -Dpostgres=1 -jar x.jar, false" })
    void postgresIsKnownByItsProgramOrByACommandLineThatStartsWithPostgres(String commandLine, boolean postgres) {
        assertThat(ServiceProcesses.isPostgres(commandLine)).isEqualTo(postgres);
    }
}
