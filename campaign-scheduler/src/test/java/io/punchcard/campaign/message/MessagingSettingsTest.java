package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.punchcard.campaign.message.MessagingSettings.Checked;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagingSettingsTest {

    private static final LocalTime NINE_PM = LocalTime.of(21, 0);
    private static final LocalTime NINE_AM = LocalTime.of(9, 0);
    private static final Map<Channel, Integer> RATES = Map.of(Channel.EMAIL, 14, Channel.SMS, 10);

    @Test
    void theDefaultsAreThreeInSevenDaysQuietFromNineToNineAndTheProvidersStartingRates() {
        MessagingSettings defaults = MessagingSettings.defaults();
        assertEquals(new FrequencyCap(3, 7), defaults.frequencyCap());
        assertEquals(new QuietHours(NINE_PM, NINE_AM), defaults.quietHours());
        assertEquals(14, defaults.ratePerSecond(Channel.EMAIL));
        assertEquals(10, defaults.ratePerSecond(Channel.SMS));
        assertEquals(Duration.ofHours(48), defaults.maxAge(Purpose.MARKETING));
        assertEquals(Duration.ofHours(24), defaults.maxAge(Purpose.TRANSACTIONAL));
    }

    @Test
    void everyProblemIsListedAtOnceWithItsField() {
        List<SettingsProblem> problems = MessagingSettings.check(-1, 0, null, null, Map.of(Channel.EMAIL, -1),
                Duration.ZERO, Duration.ofDays(31));
        assertEquals(List.of("frequencyCap.maxMessages", "frequencyCap.days", "quietHours.start", "quietHours.end",
                        "ratePerSecond.EMAIL", "ratePerSecond.SMS", "marketingMaxAge", "transactionalMaxAge"),
                problems.stream().map(SettingsProblem::field).toList());
        assertEquals(new SettingsProblem("ratePerSecond.SMS", "is required (0 for unlimited)"), problems.get(5));
        assertEquals(new Checked.Invalid(problems),
                MessagingSettings.of(-1, 0, null, null, Map.of(Channel.EMAIL, -1), Duration.ZERO, Duration.ofDays(31)));
    }

    @Test
    void theLimitsThemselvesAreAllowed() {
        Map<Channel, Integer> extremes = Map.of(Channel.EMAIL, 0, Channel.SMS, 100_000);
        assertEquals(List.of(), MessagingSettings.check(0, 1, NINE_AM, NINE_AM, extremes, Duration.ofMinutes(1), Duration.ofDays(30)));
        Checked checked = MessagingSettings.of(1000, 366, NINE_PM, NINE_AM, extremes, Duration.ofDays(30), Duration.ofMinutes(1));
        MessagingSettings settings = assertInstanceOf(Checked.Valid.class, checked).settings();
        assertEquals(0, settings.ratePerSecond(Channel.EMAIL));
        assertEquals(new FrequencyCap(1000, 366), settings.frequencyCap());
    }

    @Test
    void justBeyondTheLimitsIsAProblem() {
        assertEquals(List.of(new SettingsProblem("ratePerSecond.SMS", "must be 0 (unlimited) to 100000 a second, was 100001")),
                MessagingSettings.check(3, 7, NINE_PM, NINE_AM, Map.of(Channel.EMAIL, 14, Channel.SMS, 100_001),
                        Duration.ofHours(48), Duration.ofHours(24)));
        assertEquals(List.of("marketingMaxAge", "transactionalMaxAge"),
                MessagingSettings.check(3, 7, NINE_PM, NINE_AM, RATES, Duration.ofSeconds(59), Duration.ofDays(30).plusNanos(1))
                        .stream().map(SettingsProblem::field).toList());
    }

    @Test
    void aMissingOrNamelessRateMapIsAProblemNotACrash() {
        assertEquals(List.of(new SettingsProblem("ratePerSecond", "is required, one limit per channel")),
                MessagingSettings.check(3, 7, NINE_PM, NINE_AM, null, Duration.ofHours(48), Duration.ofHours(24)));
        Map<Channel, Integer> withNullKey = new HashMap<>(RATES);
        withNullKey.put(null, 5);
        assertEquals(List.of(new SettingsProblem("ratePerSecond", "names no channel")),
                MessagingSettings.check(3, 7, NINE_PM, NINE_AM, withNullKey, Duration.ofHours(48), Duration.ofHours(24)));
        Map<Channel, Integer> withNullValue = new HashMap<>(RATES);
        withNullValue.put(Channel.SMS, null);
        assertEquals(List.of("ratePerSecond.SMS"),
                MessagingSettings.check(3, 7, NINE_PM, NINE_AM, withNullValue, Duration.ofHours(48), Duration.ofHours(24))
                        .stream().map(SettingsProblem::field).toList());
    }

    @Test
    void theConstructorRefusesWhatCheckWouldList() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new MessagingSettings(new FrequencyCap(3, 7), new QuietHours(NINE_PM, NINE_AM), Map.of(Channel.EMAIL, 14),
                        Duration.ofHours(48), Duration.ofSeconds(1)));
        assertTrue(refused.getMessage().contains("ratePerSecond.SMS"), refused.getMessage());
        assertTrue(refused.getMessage().contains("transactionalMaxAge"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MessagingSettings(null, new QuietHours(NINE_PM, NINE_AM), RATES, Duration.ofHours(48), Duration.ofHours(24)));
    }

    @Test
    void laterChangesToTheGivenMapDoNotReachTheSettings() {
        Map<Channel, Integer> rates = new EnumMap<>(RATES);
        MessagingSettings settings = new MessagingSettings(new FrequencyCap(3, 7), new QuietHours(NINE_PM, NINE_AM), rates,
                Duration.ofHours(48), Duration.ofHours(24));
        rates.put(Channel.SMS, 0);
        assertEquals(10, settings.ratePerSecond(Channel.SMS));
        assertThrows(UnsupportedOperationException.class, () -> settings.ratePerSecond().put(Channel.SMS, 0));
    }
}
