package io.punchcard.testsupport;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Where a test's PostgreSQL or Redis server comes from. */
public enum StoreSource {
    /** A server named by an environment variable (a CI service, the developer's own). */
    ENVIRONMENT,
    /** A container started through Testcontainers. */
    DOCKER,
    /** A server started in-process from the embedded binaries. */
    EMBEDDED;

    /** Names the PostgreSQL server for tests: a JDBC URL with user and password as parameters. */
    public static final String PG_URL = "PUNCHCARD_TEST_PG_URL";
    /** Names the Redis server for tests: {@code redis://host:port}. */
    public static final String REDIS_URL = "PUNCHCARD_TEST_REDIS_URL";

    /**
     * Chooses a source for one kind of store: the environment variable when set, Docker when an engine
     * answers, embedded otherwise. The Docker probe is only asked when the variable is not set.
     */
    public static StoreSource choose(Map<String, String> environment, String variable, BooleanSupplier dockerAnswers) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return ENVIRONMENT;
        }
        return dockerAnswers.getAsBoolean() ? DOCKER : EMBEDDED;
    }
}
