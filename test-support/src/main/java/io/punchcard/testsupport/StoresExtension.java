package io.punchcard.testsupport;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link WithStores}. */
public final class StoresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StoresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        String[] migrations = migrationsFor(testClass);
        PostgresServer postgres = Servers.postgres();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(TestPostgres.class, postgres.createDatabase(testClass.getSimpleName(), migrations));
        store.put(TestRedis.class, Servers.redis().allocate());
    }

    /** The migrations named on the class, or on the class it is nested in. */
    private static String[] migrationsFor(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            var annotation = AnnotationSupport.findAnnotation(c, WithStores.class);
            if (annotation.isPresent()) {
                return annotation.get().migrations();
            }
        }
        return new String[0];
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestPostgres database = context.getStore(NAMESPACE).remove(TestPostgres.class, TestPostgres.class);
        if (database != null) {
            Servers.postgres().dropDatabase(database);
        }
        TestRedis redis = context.getStore(NAMESPACE).remove(TestRedis.class, TestRedis.class);
        if (redis != null) {
            RedisServer.release(redis);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestPostgres.class || type == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Object value = c.getStore(NAMESPACE).get(type);
            if (value != null) {
                return value;
            }
        }
        throw new ParameterResolutionException("No " + type.getSimpleName() + " here: is the class annotated @WithStores?");
    }

    /** The servers of this JVM, chosen and started on first use. */
    static final class Servers {

        private static PostgresServer postgres;
        private static RedisServer redis;

        private Servers() {
        }

        static synchronized PostgresServer postgres() {
            if (postgres == null) {
                postgres = postgresFor(System.getenv(), DockerProbe::answers);
                System.out.println("[test-support] PostgreSQL for tests: " + postgres.source() + " at " + postgres.baseUrl()
                        + (postgres.source() == StoreSource.EMBEDDED ? " (" + DockerProbe.whyNot() + ")" : ""));
            }
            return postgres;
        }

        static synchronized RedisServer redis() {
            if (redis == null) {
                redis = redisFor(System.getenv(), DockerProbe::answers);
                System.out.println("[test-support] Redis for tests: " + redis.source() + " at "
                        + redis.base().getHost() + ":" + redis.base().getPort());
            }
            return redis;
        }

        /** The PostgreSQL the environment and Docker call for; a container that will not start means embedded. */
        static PostgresServer postgresFor(Map<String, String> env, BooleanSupplier docker) {
            return switch (StoreSource.choose(env, StoreSource.PG_URL, docker)) {
                case ENVIRONMENT -> PostgresServer.fromEnvironment(env.get(StoreSource.PG_URL));
                case DOCKER -> {
                    try {
                        yield PostgresServer.docker();
                    } catch (RuntimeException e) {
                        System.out.println("[test-support] The PostgreSQL container did not start ("
                                + e.getMessage() + "); using the embedded server");
                        yield PostgresServer.embedded();
                    }
                }
                case EMBEDDED -> PostgresServer.embedded();
            };
        }

        /** The Redis the environment and Docker call for; a container that will not start means embedded. */
        static RedisServer redisFor(Map<String, String> env, BooleanSupplier docker) {
            return switch (StoreSource.choose(env, StoreSource.REDIS_URL, docker)) {
                case ENVIRONMENT -> RedisServer.fromEnvironment(env.get(StoreSource.REDIS_URL));
                case DOCKER -> {
                    try {
                        yield RedisServer.docker();
                    } catch (RuntimeException e) {
                        System.out.println("[test-support] The Redis container did not start ("
                                + e.getMessage() + "); using the embedded server");
                        yield RedisServer.embedded();
                    }
                }
                case EMBEDDED -> RedisServer.embedded();
            };
        }
    }
}
