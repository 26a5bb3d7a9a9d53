package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.punchcard.platform.StartupException;

/** A wrong messages setting is refused at start in one line naming the key, never a stack trace from within. */
class SchedulerSettingsTest {

    private static SchedulerSettings read(Map<String, String> messages) {
        Map<String, String> prefixed = new java.util.HashMap<>();
        messages.forEach((k, v) -> prefixed.put("messages." + k, v));
        return SchedulerSettings.from(Config.just(ConfigSources.create(prefixed)).get("messages"),
                URI.create("http://localhost:8083"));
    }

    @Test
    void theDefaultsMakeSettings() {
        SchedulerSettings settings = read(Map.of());
        assertEquals(Duration.ofSeconds(60), settings.dispatcher().lease());
        assertTrue(settings.smtp().isEmpty() && settings.smsGateway().isEmpty());
    }

    @Test
    void aLeaseOfNothingIsRefusedByItsName() {
        StartupException e = assertThrows(StartupException.class, () -> read(Map.of("lease-seconds", "0")));
        assertTrue(e.getMessage().contains("lease-seconds"), e.getMessage());
    }

    @Test
    void aPublicUrlMembersCannotOpenIsRefusedByItsName() {
        StartupException e = assertThrows(StartupException.class, () -> read(Map.of("public-url", "ftp://shop")));
        assertTrue(e.getMessage().contains("messages.public-url"), e.getMessage());
    }

    @Test
    void theReadModelFollowsInPagesTheFeedCanServe() {
        assertEquals(500, read(Map.of()).facts().pageSize());
        assertEquals(Duration.ofMillis(250), read(Map.of("facts.poll-millis", "250")).facts().every());
        StartupException e = assertThrows(StartupException.class, () -> read(Map.of("facts.page-size", "5000")));
        assertTrue(e.getMessage().contains("facts.page-size"), e.getMessage());
    }

    @Test
    void aKioskGetsThirtyCodesAQuarterOfAnHourUnlessSetAndNeverNone() {
        assertEquals(30, read(Map.of()).codesPerKiosk());
        assertEquals(5, read(Map.of("one-time-codes.per-kiosk", "5")).codesPerKiosk());
        StartupException e = assertThrows(StartupException.class, () -> read(Map.of("one-time-codes.per-kiosk", "0")));
        assertTrue(e.getMessage().contains("one-time-codes.per-kiosk"), e.getMessage());
    }
}
