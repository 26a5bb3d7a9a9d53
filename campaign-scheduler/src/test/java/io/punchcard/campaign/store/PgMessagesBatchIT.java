package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.ClaimedMessage;
import io.punchcard.campaign.message.FrequencyCap;
import io.punchcard.campaign.message.MessageRecord;
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
 * Deciding a batch at once and handing its messages over a group at a time, on a real PostgreSQL: a member's place
 * under the frequency cap is taken when a message is decided, for every other worker and batch, and given back when
 * the message does not go after all; the commit that hands a group over settles the
 * group before it, and what a worker marked but never handed to the provider goes back as if never tried.
 */
@WithStores
class PgMessagesBatchIT {

    private static final Duration LEASE = Duration.ofSeconds(30);
    /** Two marketing messages in seven days. */
    private static final FrequencyCap CAP = new FrequencyCap(2, 7);
    private static final AtomicInteger CAUSES = new AtomicInteger();

    private static Postgres pool;
    private static PgMessages messages;

    @BeforeAll
    static void open(TestPostgres postgres) {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        messages = new PgMessages(pool.dbClient());
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    /** Each test's messages end with it, so the next test claims only its own. */
    @AfterEach
    void cancelWhatIsLeft() {
        new Tx(pool.dbClient()).transaction(c -> {
            try (var ps = c.prepareStatement("UPDATE message SET state = 'CANCELLED', lease_owner = NULL, "
                    + "lease_until = NULL WHERE state IN ('QUEUED', 'CLAIMED', 'SENDING')")) {
                return ps.executeUpdate();
            }
        });
    }

    /** The cap over what the store counts: sent while the member has room, suppressed as CAPPED after. */
    private static final MessageStore.Rules CAPPED = (message, sent, optedOutAt) -> CAP.reached(sent)
            ? new SendRules.Decision.Suppress(SendRules.Reason.CAPPED, sent + " in the window")
            : new SendRules.Decision.Send();

    @Test
    void theRulesAreGivenWhatWasHandedBeforeTheBatchAndItsSendsTakeTheirPlaces() {
        Instant at = Instant.parse("2026-04-01T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> first = planAndClaim(member, 2, Channel.EMAIL, "worker-a", at);
        List<Long> seen = new java.util.ArrayList<>();
        Map<Long, SendRules.Decision> decisions = messages.decide(decidable(first, at), "worker-a",
                (message, handedBefore, optedOutAt) -> {
                    seen.add(handedBefore);
                    return new SendRules.Decision.Send();
                }, at);
        assertEquals(List.of(0L, 0L), seen, "nothing was handed to the member before this batch");
        assertEquals(2, decisions.size());
        assertEquals(MessageState.CLAIMED, state(first.get(0)), "decided to go, not handed over yet");

        Instant later = at.plusSeconds(1);
        List<ClaimedMessage> second = planAndClaim(member, 1, Channel.SMS, "worker-b", later);
        seen.clear();
        messages.decide(decidable(second, later), "worker-b", (message, handedBefore, optedOutAt) -> {
            seen.add(handedBefore);
            return new SendRules.Decision.Send();
        }, later);
        assertEquals(List.of(2L), seen, "the first batch's two took their places under the cap when decided");
    }

    @Test
    void aPlaceTakenByADecisionCountsForAnotherWorkerAndIsGivenBackWhenTheMessageDoesNotGo() {
        Instant at = Instant.parse("2026-04-02T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> first = planAndClaim(member, 2, Channel.EMAIL, "worker-a", at);
        assertTrue(messages.decide(decidable(first, at), "worker-a", CAPPED, at).values().stream()
                .allMatch(SendRules.Decision.Send.class::isInstance));

        // Another worker, another instance: the member's two places are taken, though nothing has gone yet.
        List<ClaimedMessage> other = planAndClaim(member, 1, Channel.SMS, "worker-b", at);
        assertInstanceOf(SendRules.Decision.Suppress.class,
                messages.decide(decidable(other, at), "worker-b", CAPPED, at).get(other.getFirst().id()));

        // Worker a stops before handing them over: they are queued again and their places are free.
        assertEquals(2, messages.putBack(first.stream().map(ClaimedMessage::id).toList(), "worker-a", at, "stopping",
                at));
        assertNull(record(first.getFirst()).handedAt(), "no place under the cap is kept by a message that did not go");
        List<ClaimedMessage> third = planAndClaim(member, 1, Channel.SMS, "worker-b", at.plusSeconds(1));
        assertInstanceOf(SendRules.Decision.Send.class, messages.decide(decidable(third, at.plusSeconds(1)),
                "worker-b", CAPPED, at.plusSeconds(1)).get(third.getFirst().id()));
    }

    @Test
    void anOptOutBetweenTheDecisionAndTheHandOverStopsTheMessageAndFreesItsPlace() {
        Instant at = Instant.parse("2026-04-03T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> batch = planAndClaim(member, 1, Channel.EMAIL, "worker-a", at);
        messages.decide(decidable(batch, at), "worker-a", CAPPED, at);

        messages.recordConsent(member, Channel.EMAIL, false, "unsubscribe link", at.plusMillis(5), at);

        assertEquals(Set.of(), messages.handOver(decidable(batch, at), List.of(), "worker-a", at.plus(LEASE),
                at.plusMillis(10)),
                "the worker learns the message is not its to send");
        MessageRecord cancelled = record(batch.getFirst());
        assertEquals(MessageState.CANCELLED, cancelled.state());
        assertEquals(0, cancelled.attempts(), "never handed over, no try spent");
        assertNull(cancelled.handedAt());
    }

    @Test
    void theHandOverOfTheNextGroupSettlesThePreviousOneInTheSameCommit() {
        Instant at = Instant.parse("2026-04-04T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> batch = planAndClaim(member, 4, Channel.EMAIL, "worker-a", at);
        messages.decide(decidable(batch, at), "worker-a", (m, sent, optedOutAt) -> new SendRules.Decision.Send(), at);
        List<ClaimedMessage> first = batch.subList(0, 2);
        List<ClaimedMessage> second = batch.subList(2, 4);

        assertEquals(Set.copyOf(ids(first)), messages.handOver(decidable(first, at), List.of(), "worker-a",
                at.plus(LEASE), at));
        assertEquals(MessageState.SENDING, state(first.get(1)));
        assertEquals(MessageState.CLAIMED, state(second.get(0)), "only the group being sent is in flight");

        Instant answered = at.plusMillis(3);
        assertEquals(Set.copyOf(ids(second)), messages.handOver(decidable(second, at), List.of(
                new MessageStore.Finished(first.get(0).id(), new MessageStore.Settlement(MessageState.SENT, "SENT", null,
                        "250 2.0.0 queued as A1", false), answered),
                new MessageStore.Finished(first.get(1).id(), new MessageStore.Settlement(MessageState.REJECTED,
                        "REJECTED", "550 5.1.1 no such user", null, false), answered)),
                "worker-a", at.plus(LEASE), at.plusMillis(4)));
        MessageRecord sent = record(first.get(0));
        assertEquals(MessageState.SENT, sent.state());
        assertEquals("250 2.0.0 queued as A1", sent.providerId());
        assertEquals(answered, sent.finishedAt(), "settled as of the provider's answer, not of the next commit");
        assertEquals("ada@example.com", sent.address(), "what was rendered is kept with the message handed over");
        assertEquals("Hello", sent.subject());
        assertEquals(1, sent.attempts());
        MessageRecord rejected = record(first.get(1));
        assertEquals(MessageState.REJECTED, rejected.state());
        assertEquals("550 5.1.1 no such user", rejected.outcomeDetail());
        assertEquals(MessageState.SENDING, state(second.get(1)));
        assertEquals(1, record(second.get(1)).attempts(), "a try is counted when the message goes");
    }

    @Test
    void aMessageCancelledBeforeItsTurnStillLetsThePreviousOneBeSettled() {
        Instant at = Instant.parse("2026-04-05T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> batch = planAndClaim(member, 2, Channel.EMAIL, "worker-a", at);
        messages.decide(decidable(batch, at), "worker-a", (m, sent, optedOutAt) -> new SendRules.Decision.Send(), at);
        assertEquals(1, messages.handOver(decidable(batch.subList(0, 1), at), List.of(), "worker-a",
                at.plus(LEASE), at).size());

        messages.recordConsent(member, Channel.EMAIL, false, "STOP", at.plusMillis(1), at);

        assertEquals(Set.of(), messages.handOver(decidable(batch.subList(1, 2), at), List.of(new MessageStore.Finished(
                batch.get(0).id(), new MessageStore.Settlement(MessageState.SENT, "SENT", null, "250 OK", false),
                at.plusMillis(2))), "worker-a", at.plus(LEASE), at.plusMillis(2)));
        assertEquals(MessageState.SENT, state(batch.get(0)), "the one that went is settled as sent");
        assertEquals(MessageState.CANCELLED, state(batch.get(1)));
    }

    @Test
    void messagesMarkedForSendingButNeverHandedToTheProviderGoBackWithTheirTryAndPlace() {
        Instant at = Instant.parse("2026-04-07T10:00:00Z");
        UUID member = UUID.randomUUID();
        List<ClaimedMessage> batch = planAndClaim(member, 3, Channel.EMAIL, "worker-a", at);
        messages.decide(decidable(batch, at), "worker-a", CAPPED, at);
        List<ClaimedMessage> group = batch.subList(0, 2);
        messages.handOver(decidable(group, at), List.of(), "worker-a", at.plus(LEASE), at);

        // The first send failed for a while; the worker keeps the second from following it.
        assertEquals(1, messages.withdraw(List.of(group.get(1).id()), "worker-a", at.plusSeconds(1), "the provider "
                + "failed the message before it", at.plusMillis(5)));
        assertEquals(0, messages.withdraw(List.of(batch.get(2).id()), "worker-a", at.plusSeconds(1), "not SENDING",
                at.plusMillis(5)), "only what the worker marked SENDING can be withdrawn");

        MessageRecord back = record(group.get(1));
        assertEquals(MessageState.QUEUED, back.state());
        assertEquals(0, back.attempts(), "never handed to the provider: no try spent");
        assertNull(back.handedAt(), "and its place under the cap given back");
        assertTrue(back.steps().stream().anyMatch(step -> step.detail().startsWith("the provider failed")));
        assertEquals(MessageState.SENDING, state(group.get(0)), "the one that went is not touched");
    }

    @Test
    void aWorkerWhoseClaimRanOutCannotHandOverWhatItDecided() {
        Instant at = Instant.parse("2026-04-06T10:00:00Z");
        List<ClaimedMessage> batch = planAndClaim(UUID.randomUUID(), 1, Channel.EMAIL, "worker-a", at);
        messages.decide(decidable(batch, at), "worker-a", CAPPED, at);

        Instant late = at.plus(LEASE).plusMillis(1);
        assertEquals(Set.of(), messages.handOver(decidable(batch, at), List.of(), "worker-a", late.plus(LEASE), late));
        assertEquals(1, messages.recoverLeases(late, Purpose::afterLostSend));
        MessageRecord back = record(batch.getFirst());
        assertEquals(MessageState.QUEUED, back.state(), "queued again for any worker; nothing went");
        assertNull(back.handedAt(), "and its place under the cap given back");
    }

    private static List<MessageStore.Decidable> decidable(List<ClaimedMessage> batch, Instant at) {
        return batch.stream().map(m -> new MessageStore.Decidable(m, CAP.windowStart(at, java.time.ZoneOffset.UTC),
                new MessageStore.Delivery("ada@example.com", "en", "Hello", null))).toList();
    }

    /**
     * Plans {@code count} marketing messages to {@code member} on {@code channel}, due at {@code at}, and claims them
     * for {@code owner} (what earlier tests left is cancelled after each, so the claim takes only these).
     */
    private static List<ClaimedMessage> planAndClaim(UUID member, int count, Channel channel, String owner, Instant at) {
        for (int i = 0; i < count; i++) {
            messages.plan(new PlannedMessage("batch-test:" + CAUSES.incrementAndGet(), Purpose.MARKETING, channel,
                    member, null, "welcome", CauseFacts.NONE, null, "tests", at), at.plus(Duration.ofHours(1)), at);
        }
        List<ClaimedMessage> claimed = messages.claim(channel, owner, count, at, LEASE);
        assertEquals(count, claimed.size());
        return claimed;
    }

    private static List<Long> ids(List<ClaimedMessage> claimed) {
        return claimed.stream().map(ClaimedMessage::id).toList();
    }

    private static MessageRecord record(ClaimedMessage m) {
        return messages.find(m.id()).orElseThrow();
    }

    private static MessageState state(ClaimedMessage m) {
        return record(m).state();
    }
}
