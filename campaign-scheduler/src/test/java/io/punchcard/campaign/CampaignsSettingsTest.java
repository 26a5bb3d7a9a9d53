package io.punchcard.campaign;

import java.net.URI;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How many effect workers an instance runs, as an operator sets it ({@code messages.campaigns.workers}). */
class CampaignsSettingsTest {

    private static SchedulerSettings read(Map<String, String> values) {
        return SchedulerSettings.from(Config.just(ConfigSources.create(values)).get("messages"),
                URI.create("http://127.0.0.1:1"));
    }

    @Test
    void anInstanceRunsFourEffectWorkersOfFiveHundredEffectsUnlessToldOtherwise() {
        SchedulerSettings.CampaignsConfig campaigns = read(Map.of()).campaigns();
        assertEquals(4, campaigns.workers());
        assertEquals(500, campaigns.batch());
        assertEquals(1, read(Map.of("messages.campaigns.workers", "1")).campaigns().workers());
        assertEquals(16, read(Map.of("messages.campaigns.workers", "16")).campaigns().workers());
    }

    @Test
    void aNumberOfWorkersOutsideOneToSixteenIsRefusedAtStartNamingTheSetting() {
        for (String workers : new String[] {"0", "17"}) {
            StartupException refused = assertThrows(StartupException.class,
                    () -> read(Map.of("messages.campaigns.workers", workers)));
            assertTrue(refused.getMessage().contains("campaigns.workers must be 1 to 16"), refused.getMessage());
        }
    }
}
