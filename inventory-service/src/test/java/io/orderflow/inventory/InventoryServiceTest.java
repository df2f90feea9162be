package io.orderflow.inventory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import io.orderflow.testsupport.RealInfrastructure;

/**
 * Runs a test class against the whole service on the real broker and a real database. Every class so annotated
 * shares one application context (and so one database): tests use their own skus and order ids. Its listener runs
 * three consumers, as on a machine with more cores, so that reservations compete as they would there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = "spring.kafka.listener.concurrency=3")
@AutoConfigureMockMvc
@RealInfrastructure(database = "inventory")
public @interface InventoryServiceTest {
}
