package io.orderflow.order;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import io.orderflow.testsupport.RealInfrastructure;

/** Runs a test class against the whole order-service, a real Kafka broker and a real PostgreSQL database. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = "orderflow.orders.intake.capacity=16")
@AutoConfigureMockMvc
@RealInfrastructure(database = "orders")
public @interface OrderServiceTest {
}
