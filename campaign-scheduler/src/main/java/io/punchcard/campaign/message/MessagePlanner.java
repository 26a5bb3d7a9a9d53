package io.punchcard.campaign.message;

import java.time.Clock;
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
        return store.plan(message, message.dueAt().plus(rules.get().maxAge(message.purpose())), clock.instant());
    }
}
