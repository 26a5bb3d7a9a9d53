package io.punchcard.pos.forward;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.pos.outbox.Outbox;

/**
 * Sends the outbox to the core, strictly in the order the tills finished things: the oldest waiting entry
 * first, runs of sales in batches, a return on its own. An entry leaves the queue when the core answers it
 * — accepted, or refused for good (a 4xx problem about that entry, kept for a person to look at). When the
 * core cannot be reached, or answers 429 or 5xx, or refuses the connector's own key, nothing leaves the
 * queue: the same entries are tried again after an exponential back-off with jitter (Resilience4j), behind
 * a circuit breaker whose state tells the tills' API that the core is offline. The core is idempotent on
 * each sale's and return's id, so an entry sent twice — the answer lost, the connector killed between
 * sending and marking — is recorded once.
 */
public final class Forwarder {

    /** Sales per request to the core. */
    public static final int BATCH = 200;

    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());

    private final Outbox outbox;
    private final PunchcardClient core;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private int failuresInARow;

    public Forwarder(Outbox outbox, PunchcardClient core, Clock clock, Duration firstBackoff, Duration maxBackoff) {
        this.outbox = outbox;
        this.core = core;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("core", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(firstBackoff.multipliedBy(4))
                .permittedNumberOfCallsInHalfOpenState(1)
                // Half-open by time alone, not at the next call: with nothing queued, no call would come, and the
                // tills would be told the core is offline long after it came back.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(firstBackoff, 2.0, 0.5, maxBackoff);
    }

    /** True while the circuit to the core is open: the core failed lately and is not being tried. */
    public boolean coreOffline() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** The outcome of one step. */
    public sealed interface Step permits Sent, Idle, Waiting {
    }

    /** @param entries entries that left the queue */
    public record Sent(int entries) implements Step {
    }

    /** Nothing waits. */
    public record Idle() implements Step {
    }

    /**
     * @param pause  how long to wait before the next try, the core having failed
     * @param reason what failed
     */
    public record Waiting(Duration pause, String reason) implements Step {
    }

    /** Sends the head of the queue once. */
    public Step step() {
        List<Outbox.Entry> head = outbox.pending(BATCH);
        if (head.isEmpty()) {
            return new Idle();
        }
        List<Outbox.Entry> sending = run(head);
        try {
            int done = breaker.executeCallable(() -> send(sending));
            failuresInARow = 0;
            return new Sent(done);
        } catch (CallNotPermittedException e) {
            return new Waiting(Duration.ofMillis(backoff.apply(Math.max(1, failuresInARow))), "the core is offline");
        } catch (Exception e) {
            failuresInARow++;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outbox.failed(sending.stream().map(Outbox.Entry::id).toList(), reason);
            Duration wait = Duration.ofMillis(backoff.apply(failuresInARow));
            LOG.log(System.Logger.Level.WARNING, "Forwarding " + sending.size() + " entries failed (" + reason
                    + "); trying again in " + wait.toMillis() + " ms");
            return new Waiting(wait, reason);
        }
    }

    /** The leading run of sales (a batch), or the one entry at the head when it is not a sale. */
    private static List<Outbox.Entry> run(List<Outbox.Entry> head) {
        if (head.get(0).kind() != Outbox.Kind.SALE) {
            return List.of(head.get(0));
        }
        List<Outbox.Entry> sales = new ArrayList<>();
        for (Outbox.Entry entry : head) {
            if (entry.kind() != Outbox.Kind.SALE) {
                break;
            }
            sales.add(entry);
        }
        return sales;
    }

    private int send(List<Outbox.Entry> entries) throws Exception {
        Outbox.Entry first = entries.get(0);
        switch (first.kind()) {
            case SALE -> {
                List<Outbox.Entry> readable = new ArrayList<>();
                List<RecordPurchase> sales = new ArrayList<>();
                for (Outbox.Entry entry : entries) {
                    RecordPurchase sale = read(entry, RecordPurchase.class);
                    if (sale != null) {
                        readable.add(entry);
                        sales.add(sale);
                    }
                }
                if (sales.isEmpty()) {
                    return entries.size();
                }
                PurchaseBatchResult answer = core.recordPurchases(sales);
                List<Long> sent = new ArrayList<>();
                List<String> answers = new ArrayList<>();
                for (PurchaseBatchResult.Item item : answer.results()) {
                    Outbox.Entry entry = readable.get(item.index());
                    if (item.status() < 300) {
                        sent.add(entry.id());
                        answers.add(Json.mapper().writeValueAsString(item.purchase()));
                    } else {
                        LOG.log(System.Logger.Level.ERROR, "The core refused sale " + entry.reference() + " of till "
                                + entry.terminal() + ": " + item.problem().detail());
                        outbox.rejected(entry.id(), Json.mapper().writeValueAsString(item.problem()), clock.instant());
                    }
                }
                outbox.sent(sent, answers, clock.instant());
                return entries.size();
            }
            case RETURN -> {
                RecordRefund refund = read(first, RecordRefund.class);
                return refund == null ? 1 : alone(first, () -> core.recordRefund(refund));
            }
            case UNLINKED_RETURN -> {
                UnlinkedReturn goods = read(first, UnlinkedReturn.class);
                return goods == null ? 1 : alone(first, () -> takeBack(goods, first.terminal()));
            }
            case VOID -> {
                VoidEntry voided = read(first, VoidEntry.class);
                return voided == null ? 1 : alone(first, () -> giveBack(voided));
            }
        }
        throw new IllegalStateException("unknown kind " + first.kind());
    }

    /** Sends one entry; a refusal about the entry itself takes it off the queue for a person to look at. */
    private int alone(Outbox.Entry entry, java.util.concurrent.Callable<Object> call) throws Exception {
        Object answer;
        try {
            answer = call.call();
        } catch (PunchcardException e) {
            if (!refusedForGood(e)) {
                throw e;
            }
            LOG.log(System.Logger.Level.ERROR, "The core refused " + entry.kind() + " " + entry.reference()
                    + " of till " + entry.terminal() + ": " + e.getMessage());
            outbox.rejected(entry.id(), Json.mapper().writeValueAsString(e.problem()), clock.instant());
            return 1;
        }
        outbox.sent(List.of(entry.id()), List.of(Json.mapper().writeValueAsString(answer)), clock.instant());
        return 1;
    }

    /**
     * The points of a return without a receipt: what the items earn today on their own (quoted for the shopper),
     * taken back by an adjustment whose id is the return's, so a resend takes them once.
     */
    private Returned takeBack(UnlinkedReturn goods, String terminal) {
        Quote quote = core.quote(new QuoteRequest(goods.source(), goods.member(), goods.occurredAt(), null,
                goods.lines(), 0L, null));
        if (quote.memberId() == null || quote.points() == 0) {
            return new Returned(0);
        }
        core.adjust(quote.memberId(), new AdjustPoints("return:" + goods.source().key() + "/" + goods.returnId(),
                -quote.points(), "return without receipt " + goods.returnId() + " at store " + goods.source().store(),
                "till " + terminal));
        return new Returned(quote.points());
    }

    /** @param pointsReversed points taken back */
    public record Returned(long pointsReversed) {
    }

    /**
     * Gives back what a voided sale held. A voucher no longer held for it (the hold ran out) and a tender the
     * core does not know (never taken) have nothing to give back; every other failure is tried again, and every
     * step is safe to repeat.
     */
    private Voided giveBack(VoidEntry voided) {
        int released = 0;
        for (String code : voided.vouchers()) {
            try {
                core.releaseVoucher(code, voided.saleRef());
                released++;
            } catch (PunchcardException e) {
                if (e.status() != 404 && e.status() != 409) {
                    throw e;
                }
            }
        }
        long points = 0;
        for (String redemption : voided.redemptionIds()) {
            try {
                points += core.cancelTender(voided.memberId(), redemption).points();
            } catch (PunchcardException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return new Voided(released, points);
    }

    /**
     * @param vouchers       vouchers released
     * @param pointsReturned points given back
     */
    public record Voided(int vouchers, long pointsReturned) {
    }

    /**
     * An entry's body, or null when it cannot be read: then no retry will ever send it, so it is rejected at
     * once, kept for a person, instead of holding up the queue behind it.
     */
    private <T> T read(Outbox.Entry entry, Class<T> type) throws JsonProcessingException {
        try {
            return Json.mapper().readValue(entry.body(), type);
        } catch (JsonProcessingException e) {
            LOG.log(System.Logger.Level.ERROR, "The " + entry.kind() + " " + entry.reference() + " of till "
                    + entry.terminal() + " cannot be read: " + e.getOriginalMessage());
            outbox.rejected(entry.id(), Json.mapper().writeValueAsString(java.util.Map.of("detail",
                    "the kept body cannot be read: " + e.getOriginalMessage())), clock.instant());
            return null;
        }
    }

    /** A problem about the entry itself; not one about the connector (its key) or the core's state. */
    private static boolean refusedForGood(PunchcardException e) {
        int status = e.status();
        return status == 400 || status == 404 || status == 409 || status == 422;
    }
}
