package io.punchcard.campaign.store;

import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;

import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessagingSettings;

/**
 * The send rules as JSON (stored, and as the settings API reads and writes them): plain numbers and
 * {@code HH:mm} times, so a person can read and write them.
 *
 * @param frequencyCap               at most {@code maxMessages} marketing messages per member in {@code days}
 *                                   calendar days of their time zone; maxMessages 0: no cap
 * @param quietHours                 {@code start} and {@code end} ({@code HH:mm}) in the member's zone; equal: none
 * @param ratePerSecond              per channel (EMAIL, SMS), the provider's limit; 0: unlimited
 * @param marketingMaxAgeMinutes     a marketing message not sent this long after it was due is dropped
 * @param transactionalMaxAgeMinutes the same for transactional messages
 */
public record SettingsDocument(Cap frequencyCap, Window quietHours, Map<Channel, Integer> ratePerSecond,
                               Long marketingMaxAgeMinutes, Long transactionalMaxAgeMinutes) {

    public record Cap(Integer maxMessages, Integer days) {
    }

    public record Window(String start, String end) {
    }

    public static SettingsDocument of(MessagingSettings s) {
        return new SettingsDocument(new Cap(s.frequencyCap().maxMessages(), s.frequencyCap().days()),
                new Window(s.quietHours().start().toString(), s.quietHours().end().toString()),
                new EnumMap<>(s.ratePerSecond()), s.marketingMaxAge().toMinutes(), s.transactionalMaxAge().toMinutes());
    }

    /** The settings these values make; stored documents were checked when saved. */
    public MessagingSettings settings() {
        return new MessagingSettings(new io.punchcard.campaign.message.FrequencyCap(frequencyCap.maxMessages(),
                frequencyCap.days()), new io.punchcard.campaign.message.QuietHours(LocalTime.parse(quietHours.start()),
                LocalTime.parse(quietHours.end())), ratePerSecond, Duration.ofMinutes(marketingMaxAgeMinutes),
                Duration.ofMinutes(transactionalMaxAgeMinutes));
    }
}
