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

        /**
         * Records the consent in the core unless the core holds a newer one (given again since).
         *
         * @throws RuntimeException when the core did not take it; the caller tries again later
         */
        void record(UUID memberId, Channel channel, boolean granted, String source, Instant at);
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

    private Changed change(UUID memberId, Channel channel, boolean granted, String source) {
        Instant at = clock.instant();
        MessageStore.ConsentRecorded recorded = store.recordConsent(memberId, channel, granted, source, at);
        return new Changed(recorded.cancelled(), push(new MessageStore.PendingConsent(recorded.id(), memberId, channel,
                granted, source, at)));
    }

    /** Takes to the core what it does not have yet; returns how many it took. */
    public int syncPending() {
        int synced = 0;
        for (MessageStore.PendingConsent pending : store.unsyncedConsents(SYNC_BATCH)) {
            if (!push(pending)) {
                break;
            }
            synced++;
        }
        return synced;
    }

    private boolean push(MessageStore.PendingConsent pending) {
        try {
            core.record(pending.memberId(), pending.channel(), pending.granted(), pending.source(), pending.at());
            store.consentSynced(pending.id(), clock.instant());
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The core did not take a consent change of member "
                    + pending.memberId() + " yet (" + e.getMessage() + "); it is in force here and is tried again");
            store.consentNotSynced(pending.id(), e.getMessage());
            return false;
        }
    }
}
