package io.punchcard.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a PostgreSQL database of its own (fresh, migrated) and a Redis logical database of
 * its own (flushed), injected as {@link TestPostgres} and {@link TestRedis} parameters of test methods,
 * constructors and lifecycle methods.
 *
 * <p>Where the servers come from, first that applies: the environment ({@code PUNCHCARD_TEST_PG_URL},
 * {@code PUNCHCARD_TEST_REDIS_URL}); Testcontainers when a Docker engine answers; otherwise embedded
 * servers, one of each per JVM, started on first use and shared by all test classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StoresExtension.class)
public @interface WithStores {

    /** Flyway locations to migrate the fresh database with, e.g. {@code classpath:db/migration/loyalty}. */
    String[] migrations() default {};
}
