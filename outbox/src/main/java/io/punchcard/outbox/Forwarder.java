package io.punchcard.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;

/**
 * Sends the outbox to the core, strictly in the order entries were appended: the oldest waiting entry first,
 * runs of a kind the {@link Courier} batches in one request, any other entry on its own. An entry leaves the
 * queue when the core answers it — accepted, or refused for good (kept for a person to look at). When the core
 * cannot be reached, or answers 429 or 5xx, or refuses the connector's own key, nothing leaves the queue: the
 * same entries are tried again after an exponential back-off with jitter (Resilience4j), behind a circuit
 * breaker whose state tells the connector's own API that the core is offline. The core is idempotent on each
 * entry's id, so an entry sent twice — the answer lost, the connector killed between sending and marking — takes
 * effect once.
 */
public final class Forwarder {

    /** Entries per request to the core. */
    public static final int BATCH = 200;

    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());

    private final Outbox outbox;
    private final Courier courier;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private int failuresInARow;

    public Forwarder(Outbox outbox, Courier courier, Clock clock, Duration firstBackoff, Duration maxBackoff) {
        this.outbox = outbox;
        this.courier = courier;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("core", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(firstBackoff.multipliedBy(4))
                .permittedNumberOfCallsInHalfOpenState(1)
                // Half-open by time alone, not at the next call: with nothing queued, no call would come, and the
                // connector would tell its callers the core is offline long after it came back.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // An entry refused for good says nothing about the core's health.
                .ignoreException(Courier::refuses)
                .build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(firstBackoff, 2.0, 0.5, maxBackoff);
    }

    /**
     * The client a forwarder sends with: one try (the forwarder retries on its own schedule, behind its breaker),
     * 2 s to connect, 30 s for an answer (a batch takes a while).
     */
    public static io.punchcard.api.client.PunchcardClient client(java.net.URI core, String apiKey) {
        return new io.punchcard.api.client.PunchcardClient(new io.punchcard.api.client.PunchcardClient.Settings(core,
                apiKey, Duration.ofSeconds(2), Duration.ofSeconds(30), 1, Duration.ofMillis(100)));
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
        List<Courier.Delivery> deliveries;
        try {
            deliveries = breaker.executeCallable(() -> courier.deliver(sending));
        } catch (CallNotPermittedException e) {
            return new Waiting(Duration.ofMillis(backoff.apply(Math.max(1, failuresInARow))), "the core is offline");
        } catch (Exception e) {
            if (sending.size() == 1 && Courier.refuses(e)) {
                failuresInARow = 0;
                settle(sending, List.of(new Courier.Refused(Courier.problem(e))));
                return new Sent(1);
            }
            failuresInARow++;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outbox.failed(sending.stream().map(Outbox.Entry::id).toList(), reason);
            Duration wait = Duration.ofMillis(backoff.apply(failuresInARow));
            LOG.log(System.Logger.Level.WARNING, "Forwarding " + sending.size() + " entries failed (" + reason
                    + "); trying again in " + wait.toMillis() + " ms");
            return new Waiting(wait, reason);
        }
        failuresInARow = 0;
        settle(sending, deliveries);
        return new Sent(sending.size());
    }

    private void settle(List<Outbox.Entry> entries, List<Courier.Delivery> deliveries) {
        if (deliveries.size() != entries.size()) {
            throw new IllegalStateException("the courier answered " + deliveries.size() + " of " + entries.size()
                    + " entries");
        }
        List<Long> sent = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Outbox.Entry entry = entries.get(i);
            switch (deliveries.get(i)) {
                case Courier.Delivered delivered -> {
                    sent.add(entry.id());
                    answers.add(delivered.answer());
                }
                case Courier.Refused refused -> {
                    LOG.log(System.Logger.Level.ERROR, "The core refused " + entry.kind() + " " + entry.reference()
                            + " of " + entry.stream() + ": " + refused.problem());
                    outbox.rejected(entry.id(), refused.problem(), clock.instant());
                }
            }
        }
        outbox.sent(sent, answers, clock.instant());
    }

    /** The leading run of entries of the head's kind when the courier batches it, else the head alone. */
    private List<Outbox.Entry> run(List<Outbox.Entry> head) {
        String kind = head.get(0).kind();
        if (!courier.batches(kind)) {
            return List.of(head.get(0));
        }
        List<Outbox.Entry> run = new ArrayList<>();
        for (Outbox.Entry entry : head) {
            if (!entry.kind().equals(kind)) {
                break;
            }
            run.add(entry);
        }
        return run;
    }
}
