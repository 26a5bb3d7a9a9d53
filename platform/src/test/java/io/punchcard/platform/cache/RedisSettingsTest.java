package io.punchcard.platform.cache;

import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost:6379", "http://localhost:6379", "redis://", "redis://host:6379/cache",
            "redis://ho st:6379"})
    void aMalformedUrlIsOneLineNamingTheKey(String url) {
        StartupException e = assertThrows(StartupException.class, () -> RedisSettings.parse(url));

        assertTrue(e.getMessage().startsWith("redis.url '" + url + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://[user:password@]host[:port][/database]"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aWellFormedUrlIsKeptAndItsPasswordHiddenInLogs() {
        RedisSettings settings = RedisSettings.parse("redis://app:s3cret@cache.internal:6380/2");

        assertEquals("cache.internal", settings.uri().getHost());
        assertEquals("redis://app:***@cache.internal:6380/2", settings.redacted());
    }
}
