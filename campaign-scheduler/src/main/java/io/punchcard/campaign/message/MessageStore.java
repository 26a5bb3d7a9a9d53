package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
     * A claimed message the rules are to decide, with what was rendered for it.
     *
     * @param capWindowStart where the member's frequency-cap window begins, or null when no cap is in force (then
     *                       nothing is counted)
     */
    record Decidable(ClaimedMessage message, Instant capWindowStart, Delivery delivery) {
    }

    /** The send-time rules, applied by the store to each message under its member's lock. */
    @FunctionalInterface
    interface Rules {
        /**
         * @param marketingHandedBefore the marketing messages handed over to the member (or decided to go, their
         *                              place taken) since the message's cap window began, before this batch: the
         *                              batch's own decisions are the rules' to count
         * @param optedOutAt            when the member last opted out of the channel here, unless they opted in
         *                              again since; null if not
         */
        SendRules.Decision decide(Decidable message, long marketingHandedBefore, Instant optedOutAt);
    }

    /**
     * Decides a batch of claimed messages in one transaction, under the locks of all their members (so two workers
     * cannot both take a member's last place under the frequency cap, and an opt-out cannot slip between the check
     * and the send), and writes each decision. A {@link SendRules.Decision.Send} keeps the message CLAIMED and, when
     * its member has a cap in force ({@link Decidable#capWindowStart()}), takes its place under the cap at once;
     * {@link #handOver} marks it SENDING just before it goes. Suppressed messages are final; deferred ones are queued
     * again (their expiry moved with them).
     *
     * @return the decisions written, by message id; a message no longer this owner's (cancelled meanwhile, or its
     *         lease ran out and another worker took it) is absent
     */
    Map<Long, SendRules.Decision> decide(List<Decidable> batch, String owner, Rules rules, Instant now);

    /**
     * Marks the messages of {@code group}, decided {@link SendRules.Decision.Send}, SENDING with what was rendered for
     * them: handed over from now on, a try counted, under a fresh lease until {@code sendLeaseUntil} (the claim's
     * lease was taken for the whole batch and may be nearly spent by the time a late message of it goes). In the same
     * statement it settles {@code previous}, the worker's sends since its last hand-over: one commit per group of
     * messages sent, and a worker that dies leaves only the group it was sending unsettled.
     *
     * @return the ids now SENDING; a message no longer this owner's to send (an opt-out cancelled it meanwhile, or
     *         its lease ran out) is left out. {@code previous} is settled either way
     */
    Set<Long> handOver(List<Decidable> group, List<Finished> previous, String owner, Instant sendLeaseUntil,
                       Instant now);

    /**
     * A message handed over and how it ended.
     *
     * @param at when the provider answered
     */
    record Finished(long id, Settlement settlement, Instant at) {
    }

    /**
     * Gives back messages this owner marked SENDING but did not hand to the provider after all (the provider began
     * to fail, or the send's lease ran short): QUEUED again until {@code notBefore}, the try they were counted as
     * taken back, their places under the cap freed. The worker knows they never went; a crash's SENDING messages
     * are for {@link #recoverLeases} instead.
     *
     * @return how many were given back
     */
    int withdraw(List<Long> ids, String owner, Instant notBefore, String detail, Instant now);

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
    default void putBack(long id, String owner, Instant notBefore, String detail, Instant now) {
        putBack(List.of(id), owner, notBefore, detail, now);
    }

    /**
     * Puts the messages this owner claimed back in the queue, as {@link #putBack(long, String, Instant, String,
     * Instant)} does one, their places under the frequency cap given back.
     *
     * @return how many were put back
     */
    int putBack(List<Long> ids, String owner, Instant notBefore, String detail, Instant now);

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
     * that channel not yet marked SENDING (one already in a worker's hand-over group, at most a group per worker
     * and sent within milliseconds by a provider in good health, still goes). The same change again soon after (a link clicked twice, a forwarded
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
