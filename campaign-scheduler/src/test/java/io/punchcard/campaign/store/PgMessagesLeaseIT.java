package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.ClaimedMessage;
import io.punchcard.campaign.message.MessageState;
import io.punchcard.campaign.message.MessageStore;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.message.SendRules;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The leases of messages on a real PostgreSQL, with the instants given rather than waited for: a worker whose batch
 * took most of its claim's lease still owns the message it hands over late, for as long as a send may take.
 */
@WithStores
class PgMessagesLeaseIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofDays(1));

    private static Postgres pool;
    private static PgMessages messages;

    @BeforeAll
    static void open(TestPostgres postgres) {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 2),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        messages = new PgMessages(pool.dbClient());
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aMessageHandedOverLateInItsBatchIsNotTakenFromItsWorkerWhileItSends() {
        for (Purpose purpose : Purpose.values()) {
            ClaimedMessage claimed = planAndClaim("late-in-batch:" + purpose, purpose, "worker-1", T0);
            long id = claimed.id();

            // The batch's earlier sends took nearly the whole lease; this one is handed over just before it ends.
            Instant handedAt = T0.plus(LEASE).minusMillis(100);
            assertTrue(send(claimed, "worker-1", handedAt).orElseThrow() instanceof SendRules.Decision.Send);

            // The lease keeper of another instance looks while the provider still has the message.
            assertEquals(0, messages.recoverLeases(handedAt.plusSeconds(1), Purpose::afterLostSend),
                    purpose + ": the claim's lease is past, but the send's is not: nothing to settle");
            messages.finish(id, "worker-1", MessageState.SENDING, new MessageStore.Settlement(MessageState.SENT, "SENT",
                    null, "250 OK", false), handedAt.plusSeconds(2));
            assertEquals(MessageState.SENT, messages.find(id).orElseThrow().state(),
                    purpose + ": the provider's answer settles it, neither UNKNOWN nor queued for a second copy");
        }
    }

    @Test
    void aWorkerThatDiesMidSendLeavesMarketingUnknownAndTransactionalQueuedOnceTheSendsLeaseEnds() {
        // A day after the other test's messages, so neither claims the other's.
        for (Purpose purpose : Purpose.values()) {
            ClaimedMessage claimed = planAndClaim("died-mid-send:" + purpose, purpose, "worker-2", T1);
            long id = claimed.id();
            send(claimed, "worker-2", T1);

            assertEquals(1, messages.recoverLeases(T1.plus(LEASE).plusMillis(1), Purpose::afterLostSend));
            assertEquals(purpose == Purpose.MARKETING ? MessageState.UNKNOWN : MessageState.QUEUED,
                    messages.find(id).orElseThrow().state());
        }
    }

    @Test
    void aWorkersStaleCopyCannotSettleAMessageAnotherWorkerTookAfterItsLeaseRanOut() {
        // Two days after the other tests' messages, so none claims another's.
        Instant t2 = T1.plus(Duration.ofDays(1));
        ClaimedMessage stale = planAndClaim("stale-copy", Purpose.MARKETING, Channel.SMS, "instance#SMS-0", t2);
        long id = stale.id();
        // Worker 0 is slow (the core is slow): its claim runs out, the message is queued again and a sibling
        // worker of the same instance takes it and hands it over.
        Instant later = t2.plus(LEASE).plusMillis(1);
        assertEquals(1, messages.recoverLeases(later, Purpose::afterLostSend));
        ClaimedMessage fresh = messages.claim(Channel.SMS, "instance#SMS-1", 1, later, LEASE).getFirst();
        assertTrue(send(fresh, "instance#SMS-1", later).orElseThrow() instanceof SendRules.Decision.Send);

        // Worker 0 comes back to its copy: nothing it does touches the message now being sent.
        assertTrue(send(stale, "instance#SMS-0", later).isEmpty(), "its hand-over finds the message not its own");
        messages.retry(id, "instance#SMS-0", MessageState.CLAIMED, later.plusSeconds(30), "core silent", later);
        messages.putBack(id, "instance#SMS-0", later.plusSeconds(30), "core silent", later);
        messages.finish(id, "instance#SMS-0", MessageState.CLAIMED, new MessageStore.Settlement(MessageState.EXPIRED,
                "EXPIRED", null, null, false), later);
        var record = messages.find(id).orElseThrow();
        assertEquals(MessageState.SENDING, record.state(), "still the sibling's send");
        assertEquals(1, record.attempts(), "one try: the sibling's hand-over; claims are no tries");

        // And worker 1's own answer settles it.
        messages.finish(id, "instance#SMS-1", MessageState.SENDING, new MessageStore.Settlement(MessageState.SENT,
                "SENT", null, "250 OK", false), later.plusSeconds(1));
        assertEquals(MessageState.SENT, messages.find(id).orElseThrow().state());
    }

    @Test
    void claimsThatNeverReachTheProviderSpendNoTries() {
        Instant t3 = T1.plus(Duration.ofDays(2));
        ClaimedMessage claimed = planAndClaim("claims-are-free", Purpose.MARKETING, Channel.SMS, "w", t3);
        for (int i = 1; i <= 5; i++) {
            // The core does not answer: put back, claimed again.
            Instant at = t3.plusSeconds(i * 60L);
            messages.putBack(claimed.id(), "w", at, "core silent", at);
            claimed = messages.claim(Channel.SMS, "w", 1, at.plusSeconds(1), LEASE).getFirst();
        }
        assertEquals(0, claimed.attempts());
        assertEquals(0, messages.find(claimed.id()).orElseThrow().attempts());
    }

    /** Plans a message due at {@code at} and claims it for {@code owner} then, under a lease of {@link #LEASE}. */
    private static ClaimedMessage planAndClaim(String cause, Purpose purpose, String owner, Instant at) {
        return planAndClaim(cause, purpose, Channel.EMAIL, owner, at);
    }

    /** As above, on {@code channel}: a channel of its own keeps a test clear of the others' leftovers. */
    private static ClaimedMessage planAndClaim(String cause, Purpose purpose, Channel channel, String owner, Instant at) {
        long id = messages.plan(new PlannedMessage(cause, purpose, channel, UUID.randomUUID(), null, "welcome",
                CauseFacts.NONE, null, "tests", at), at.plus(Duration.ofHours(1)), at).id();
        List<ClaimedMessage> claimed = messages.claim(channel, owner, 1, at, LEASE);
        assertEquals(List.of(id), claimed.stream().map(ClaimedMessage::id).toList(), "the message just planned");
        return claimed.getFirst();
    }

    /**
     * Decides {@code claimed} at {@code at}, the rules saying send, and hands it over, as the dispatcher does: for a
     * lease more. Empty when the message is not the owner's any more.
     */
    private static Optional<SendRules.Decision> send(ClaimedMessage claimed, String owner, Instant at) {
        MessageStore.Decidable decidable = new MessageStore.Decidable(claimed, at,
                new MessageStore.Delivery("ada@example.com", "en", "Hello", null));
        Optional<SendRules.Decision> decision = Optional.ofNullable(messages.decide(List.of(decidable), owner,
                (message, sent, optedOutAt) -> new SendRules.Decision.Send(), at).get(claimed.id()));
        if (decision.isPresent() && messages.handOver(List.of(decidable), List.of(), owner, at.plus(LEASE), at)
                .isEmpty()) {
            return Optional.empty();
        }
        return decision;
    }
}
