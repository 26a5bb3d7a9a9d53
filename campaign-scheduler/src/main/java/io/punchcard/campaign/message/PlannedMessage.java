package io.punchcard.campaign.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message someone wants sent, before it is stored: its cause is its identity, so planning it again is a
 * no-op.
 *
 * @param cause       unique for ever: {@code campaign:<code>:<occurrence>:<member>}, {@code welcome:<member>},
 *                    {@code receipt:<purchase>}, {@code otp:<id>}, {@code one-off:<request id>}
 * @param purpose     marketing or transactional
 * @param channel     e-mail or SMS
 * @param memberId    whom it is for; null only for a one-time code to a number that is no member's yet
 * @param toAddress   a fixed address (a one-time code's phone number); null: the member's address at send time
 * @param template    the template's code
 * @param facts       what the cause adds to the member's facts
 * @param campaign    the campaign it belongs to, or null
 * @param requestedBy who asked (a campaign, {@code system}, or a staff key's name), for the record
 * @param dueAt       when it should go; rules may move it later, never earlier
 */
public record PlannedMessage(String cause, Purpose purpose, Channel channel, UUID memberId, String toAddress,
                             String template, CauseFacts facts, String campaign, String requestedBy, Instant dueAt) {

    /** Long enough for a campaign code, an occurrence and a member id; a bound so a row stays small. */
    public static final int MAX_CAUSE_CHARS = 200;

    public PlannedMessage {
        if (cause == null || cause.isBlank() || cause.length() > MAX_CAUSE_CHARS) {
            throw new IllegalArgumentException("cause must be 1 to " + MAX_CAUSE_CHARS + " characters");
        }
        if (purpose == null || channel == null || template == null || requestedBy == null || dueAt == null) {
            throw new IllegalArgumentException("purpose, channel, template, requestedBy and dueAt are required");
        }
        if (memberId == null && toAddress == null) {
            throw new IllegalArgumentException("a message is for a member or to an address");
        }
        facts = facts == null ? CauseFacts.NONE : facts;
    }
}
