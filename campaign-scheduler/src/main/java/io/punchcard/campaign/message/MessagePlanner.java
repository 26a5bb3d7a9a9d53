package io.punchcard.campaign.message;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plans messages: stores each before anything is sent, with the expiry the send rules give its purpose (a
 * marketing message not sent 48 hours after it was due is not sent at all).
 */
public final class MessagePlanner {

    private final MessageStore store;
    private final Supplier<MessagingSettings> rules;
    private final Clock clock;

    public MessagePlanner(MessageStore store, Supplier<MessagingSettings> rules, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
    }

    /** Stores {@code message} unless its cause is stored already. */
    public MessageStore.Planned plan(PlannedMessage message) {
        return store.plan(message, expiry(message, rules.get()), clock.instant());
    }

    /**
     * Stores each of {@code messages} unless its cause is stored already (or repeated earlier in the list), by the
     * same rule as {@link #plan}; for a campaign's whole segment at once.
     *
     * @return how many were stored by this call
     */
    public int planAll(List<PlannedMessage> messages) {
        // One reading of the settings for the whole list: every message of a segment expires by the same rule.
        MessagingSettings current = rules.get();
        return store.planAll(messages, m -> expiry(m, current), clock.instant());
    }

    private static Instant expiry(PlannedMessage message, MessagingSettings rules) {
        return message.dueAt().plus(rules.maxAge(message.purpose()));
    }
}
