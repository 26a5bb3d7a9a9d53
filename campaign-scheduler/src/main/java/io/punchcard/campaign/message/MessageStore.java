package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The durable messages: the port the dispatcher and the API plan, claim and settle messages through. Every
 * change of a message's state is conditional on the caller still holding it, so a worker whose lease ran out
 * cannot settle a message another worker has taken since.
 */
public interface MessageStore {

    /** Stores {@code message} as QUEUED unless its cause is already stored. */
    Planned plan(PlannedMessage message, Instant expiresAt, Instant now);

    /**
     * Stores each of {@code messages} as QUEUED unless its cause is stored already or came earlier in the list,
     * each with the expiry {@code expiresAt} gives it; in chunks, each chunk in one transaction, so a failure
     * leaves the chunks before it planned (planning again plans only what is missing).
     *
     * @return how many were stored by this call
     */
    int planAll(List<PlannedMessage> messages, Function<PlannedMessage, Instant> expiresAt, Instant now);

    /** What planning gave: the message's id, and whether this call stored it. */
    record Planned(long id, boolean created) {
    }

    /**
     * Takes up to {@code limit} due messages of {@code channel} for {@code owner} until {@code now + lease},
     * transactional ones first (a one-time code must not wait behind a campaign), skipping those another worker is
     * taking at the same moment. Claiming is not a try: {@link ClaimedMessage#attempts()} counts hand-overs.
     */
    List<ClaimedMessage> claim(Channel channel, String owner, int limit, Instant now, Duration lease);

    /**
     * Decides, under the member's lock, whether a claimed message goes now: {@code decide} is given how many
     * marketing messages the member was handed since {@code capWindowStart} and when they last opted out of the
     * channel here (or null), and says what to do; the store writes it. A {@link SendRules.Decision.Send} marks
     * the message SENDING (handed over from now on) under a fresh lease until {@code sendLeaseUntil}: the claim's
     * lease was taken for the whole batch and may be nearly spent by the time a late message of it goes, and the
     * lease keeper must not take a message from a worker that is still sending it.
     *
     * @return the decision written, or empty when the message is no longer this owner's (cancelled meanwhile, or
     *         its lease ran out and another worker took it)
     */
    Optional<SendRules.Decision> handOver(ClaimedMessage message, String owner, Instant capWindowStart,
                                          BiFunction<Long, Instant, SendRules.Decision> decide, Delivery delivery,
                                          Instant sendLeaseUntil, Instant now);

    /** What was rendered for a message handed over: kept with it for the member's history. */
    record Delivery(String address, String language, String subject, Integer segments) {
    }

    /**
     * How a message ends.
     *
     * @param state       a final state
     * @param outcome     why, in one word (SENT, REJECTED, EXPIRED, ...)
     * @param detail      the provider's or the rule's words
     * @param providerId  the provider's id of the message
     * @param forgetFacts drop what the cause added (a one-time code is kept no longer than it can be sent)
     */
    record Settlement(MessageState state, String outcome, String detail, String providerId, boolean forgetFacts) {

        public Settlement {
            if (!state.isFinal()) {
                throw new IllegalArgumentException(state + " is not a final state");
            }
        }
    }

    /**
     * Settles a message this owner holds in state {@code from} (CLAIMED before it was handed over, SENDING after);
     * nothing when it is no longer this owner's in that state.
     */
    void finish(long id, String owner, MessageState from, Settlement settlement, Instant now);

    /**
     * Puts a message this owner holds in state {@code from} back in the queue until {@code notBefore}, noting why;
     * nothing when it is no longer this owner's in that state.
     */
    void retry(long id, String owner, MessageState from, Instant notBefore, String detail, Instant now);

    /**
     * Puts a message this owner claimed back in the queue, unless it was handed over already (then its lease
     * decides, as after a crash: a handed-over marketing message must not go twice).
     */
    void putBack(long id, String owner, Instant notBefore, String detail, Instant now);

    /**
     * Settles the messages whose workers' leases ran out: CLAIMED ones are queued again (nothing was sent);
     * SENDING ones become what {@code lostSend} says for their purpose (the domain's rule: {@link
     * Purpose#afterLostSend()}).
     *
     * @return how many were settled
     */
    int recoverLeases(Instant now, java.util.function.Function<Purpose, MessageState> lostSend);

    /**
     * Gives back the messages claimed by owners whose names start with {@code ownerPrefix} (this instance's
     * workers) and not handed over (an instance stopping in good order), so others send them now rather than when
     * the lease runs out.
     *
     * @return how many were given back
     */
    int release(String ownerPrefix);

    /**
     * Records a member's opt-out (or opt-in again) of {@code channel} received here, in force at once and kept
     * until the core has it; an opt-out also cancels, in the same transaction, every marketing message to them on
     * that channel not yet handed over. The same change again soon after (a link clicked twice, a forwarded
     * e-mail's link clicked by many) writes nothing.
     *
     * @return the record's id and how many messages were cancelled
     */
    ConsentRecorded recordConsent(UUID memberId, Channel channel, boolean granted, String source, Instant at,
                                  Instant sameSince);

    /**
     * An opt-out or opt-in recorded here: its id, the marketing messages it cancelled, and whether it only repeats
     * the member's last one, made at or after the {@code sameSince} given (then nothing was written).
     */
    record ConsentRecorded(long id, int cancelled, boolean repeat) {
    }

    /** An opt-out or opt-in recorded here that the core does not have yet. */
    record PendingConsent(long id, UUID memberId, Channel channel, boolean granted, String source, Instant at) {
    }

    /** The consents recorded here the core does not have yet, oldest first. */
    List<PendingConsent> unsyncedConsents(int limit);

    /** The core has consent record {@code id} (or a newer one of its own). */
    void consentSynced(long id, Instant at);

    /** The core could not be told of consent record {@code id} this time. */
    void consentNotSynced(long id, String error);
}
