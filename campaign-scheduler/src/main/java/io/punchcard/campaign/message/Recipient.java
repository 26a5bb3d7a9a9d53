package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/**
 * A member as a message needs them at send time, read from the core then (so a consent withdrawn a second ago
 * counts): their addresses, their consent per channel, and the facts a template may use.
 *
 * @param memberId the member
 * @param email    their e-mail address, or null
 * @param phone    their E.164 phone number, or null
 * @param consents the core's consent per channel; a channel missing from the map was never granted
 * @param zone     the member's time zone: their home store's, or the program's
 * @param facts    what a template may say about them
 */
public record Recipient(UUID memberId, String email, String phone, Map<Channel, CoreConsent> consents, ZoneId zone,
                        TemplateFacts facts) {

    public Recipient {
        consents = Map.copyOf(consents);
    }

    /** The core's record of one consent: given or withdrawn, and when. */
    public record CoreConsent(boolean granted, Instant at) {
    }

    /** The address this member is reached at on {@code channel}, or null. */
    public String address(Channel channel) {
        return switch (channel) {
            case EMAIL -> email;
            case SMS -> phone;
        };
    }
}
