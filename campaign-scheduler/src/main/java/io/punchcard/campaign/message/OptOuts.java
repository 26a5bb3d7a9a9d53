package io.punchcard.campaign.message;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A member's "no more" (a one-click unsubscribe, an SMS STOP) or "again" (START), received here: in force at once
 * for every instance (queued marketing messages to that channel cancelled in the same transaction), then taken to
 * the core's consents with its source and time, now if the core answers, else by {@link #syncPending} until it
 * does.
 */
public final class OptOuts {

    /** Where a member's consents are kept for good: the core. */
    public interface ConsentSink {

        /** Records the consent in the core unless the core holds a newer one (given again since). */
        Outcome record(UUID memberId, Channel channel, boolean granted, String source, Instant at);

        /** What the core did with a consent change. */
        sealed interface Outcome {

            /** The core has it (or a newer one of its own, or the member is gone). */
            record Taken() implements Outcome {
            }

            /** The core refused this change and will refuse it again: trying it again would only block the rest. */
            record Refused(String reason) implements Outcome {
            }

            /** The core could not be asked, or may take it later: the change is tried again. */
            record Unavailable(String reason) implements Outcome {
            }
        }
    }

    /** What a change did here and in the core. */
    public record Changed(int cancelled, boolean coreUpdated) {
    }

    private static final System.Logger LOG = System.getLogger(OptOuts.class.getName());
    /** A bound on one round of catching up, so one round never holds a worker for long. */
    private static final int SYNC_BATCH = 100;

    private final MessageStore store;
    private final ConsentSink core;
    private final Clock clock;

    public OptOuts(MessageStore store, ConsentSink core, Clock clock) {
        this.store = store;
        this.core = core;
        this.clock = clock;
    }

    /** Withdraws {@code memberId}'s consent to {@code channel}, said through {@code source}. */
    public Changed optOut(UUID memberId, Channel channel, String source) {
        return change(memberId, channel, false, source);
    }

    /** Gives {@code memberId}'s consent to {@code channel} again (an SMS START). */
    public Changed optIn(UUID memberId, Channel channel, String source) {
        return change(memberId, channel, true, source);
    }

    /**
     * A change that repeats the member's last one within this is the same change: a link clicked twice, or a
     * forwarded e-mail's link clicked by many, must not write a row and call the core each time. Longer than that,
     * it is said again (the member may have consented again at the kiosk meanwhile).
     */
    static final java.time.Duration SAME_CHANGE = java.time.Duration.ofMinutes(5);

    private Changed change(UUID memberId, Channel channel, boolean granted, String source) {
        Instant at = clock.instant();
        MessageStore.ConsentRecorded recorded = store.recordConsent(memberId, channel, granted, source, at,
                at.minus(SAME_CHANGE));
        if (recorded.repeat()) {
            return new Changed(0, false);
        }
        ConsentSink.Outcome outcome = push(new MessageStore.PendingConsent(recorded.id(), memberId, channel, granted,
                source, at));
        return new Changed(recorded.cancelled(), outcome instanceof ConsentSink.Outcome.Taken);
    }

    /**
     * Takes to the core what it does not have yet, oldest first; returns how many it took. A change the core
     * refuses for good is set aside with its reason, so the ones after it still go; a core that does not answer
     * ends the round, since the rest would fare no better.
     */
    public int syncPending() {
        int synced = 0;
        for (MessageStore.PendingConsent pending : store.unsyncedConsents(SYNC_BATCH)) {
            switch (push(pending)) {
                case ConsentSink.Outcome.Taken taken -> synced++;
                case ConsentSink.Outcome.Refused refused -> {
                    // Set aside, not retried: in force here all the same.
                }
                case ConsentSink.Outcome.Unavailable unavailable -> {
                    return synced;
                }
            }
        }
        return synced;
    }

    private ConsentSink.Outcome push(MessageStore.PendingConsent pending) {
        ConsentSink.Outcome outcome;
        try {
            outcome = core.record(pending.memberId(), pending.channel(), pending.granted(), pending.source(),
                    pending.at());
        } catch (RuntimeException e) {
            outcome = new ConsentSink.Outcome.Unavailable(e.getMessage());
        }
        switch (outcome) {
            case ConsentSink.Outcome.Taken taken -> store.consentSynced(pending.id(), clock.instant());
            case ConsentSink.Outcome.Refused refused -> {
                LOG.log(System.Logger.Level.WARNING, "The core refused a consent change of member "
                        + pending.memberId() + " (" + refused.reason() + "); it is in force here and not tried again");
                // Done, with the refusal kept as its error (in this order: a sync clears the error).
                store.consentSynced(pending.id(), clock.instant());
                store.consentNotSynced(pending.id(), "refused by the core: " + refused.reason());
            }
            case ConsentSink.Outcome.Unavailable unavailable -> {
                LOG.log(System.Logger.Level.WARNING, "The core did not take a consent change of member "
                        + pending.memberId() + " yet (" + unavailable.reason()
                        + "); it is in force here and is tried again");
                store.consentNotSynced(pending.id(), unavailable.reason());
            }
        }
        return outcome;
    }
}
