package io.punchcard.testsupport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StoreSourceTest {

    private final AtomicInteger dockerAsked = new AtomicInteger();

    @Test
    void theEnvironmentWinsAndDockerIsNotEvenAsked() {
        StoreSource source = StoreSource.choose(Map.of(StoreSource.PG_URL, "jdbc:postgresql://db:5432/postgres"),
                StoreSource.PG_URL, () -> dockerAsked.incrementAndGet() > 0);

        assertEquals(StoreSource.ENVIRONMENT, source);
        assertEquals(0, dockerAsked.get());
    }

    @Test
    void withoutTheVariableADockerEngineIsUsedWhenOneAnswers() {
        assertEquals(StoreSource.DOCKER, StoreSource.choose(Map.of(), StoreSource.PG_URL, () -> true));
    }

    @Test
    void withNeitherTheServersAreEmbedded() {
        assertEquals(StoreSource.EMBEDDED, StoreSource.choose(Map.of(), StoreSource.REDIS_URL, () -> false));
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        assertEquals(StoreSource.EMBEDDED,
                StoreSource.choose(Map.of(StoreSource.REDIS_URL, "  "), StoreSource.REDIS_URL, () -> false));
    }
}
