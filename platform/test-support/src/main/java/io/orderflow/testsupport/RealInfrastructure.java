package io.orderflow.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's application at the shared real Kafka broker and a fresh PostgreSQL database.
 *
 * <p>The database is created once per application context (so cached contexts keep theirs) and named after
 * {@link #database()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {

    /** Names the prefix of the test database. */
    String database() default "orderflow";
}
