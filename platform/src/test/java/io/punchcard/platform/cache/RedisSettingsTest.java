package io.punchcard.platform.cache;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

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

    @Test
    void aCacheCallWaitsTensOfMillisecondsUnlessConfiguredOtherwise() {
        RedisSettings defaults = RedisSettings.from(redis(Map.of("url", "redis://cache:6379"))).orElseThrow();
        RedisSettings configured = RedisSettings.from(redis(Map.of("url", "redis://cache:6379",
                "connect-timeout-millis", "200", "timeout-millis", "100", "pool.size", "64",
                "pool.wait-millis", "5"))).orElseThrow();

        assertEquals(new RedisSettings.Limits(50, 50, 32, 20), defaults.limits());
        assertEquals(new RedisSettings.Limits(200, 100, 64, 5), configured.limits());
    }

    @Test
    void aTimeoutOutOfRangeIsOneLineNamingTheKey() {
        StartupException e = assertThrows(StartupException.class, () -> RedisSettings.from(redis(Map.of(
                "url", "redis://cache:6379", "timeout-millis", "0"))));

        assertEquals("redis.timeout-millis 0 is out of range: use 1 to 60000", e.getMessage());
    }

    private static Config redis(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }
}
