package io.punchcard.outbox;

import java.util.List;

import io.punchcard.api.client.PunchcardException;

/**
 * What a connector knows about its entries: how to deliver each kind to the core. The {@link Forwarder} knows
 * the rest — order, batches, retries, the circuit breaker — for every connector alike.
 */
public interface Courier {

    /** Whether entries of {@code kind} may go to the core several in one request; others go one at a time. */
    boolean batches(String kind);

    /**
     * Delivers entries of one kind — a run of them when the kind {@link #batches}, else one — and says what
     * became of each, in order. Throws when the core could not be reached or could not answer (an I/O error, a
     * 429 or 5xx, the connector's own key refused): then nothing was settled, and the same entries are tried
     * again later. Delivering one entry, it may also throw what refuses that entry for good — an
     * {@link Undeliverable} body, or the core's {@link #refusedForGood} problem — and the {@link Forwarder} sets it
     * aside; a run says {@link Refused} for each entry instead. Every delivery must be safe to repeat: an answer
     * can be lost after the core acted.
     */
    List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception;

    /**
     * An entry no retry will deliver: its kept body cannot be read, its kind is not the connector's, or the
     * connector cannot do its own part (write an export to its disk).
     */
    final class Undeliverable extends RuntimeException {
        public Undeliverable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The entry's body, read as {@code type}. */
    static <T> T read(Outbox.Entry entry, Class<T> type) {
        try {
            return io.punchcard.api.Json.mapper().readValue(entry.body(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Undeliverable("the kept body cannot be read: " + e.getOriginalMessage());
        }
    }

    /** Whether {@code failure} refuses the entry being delivered for good, rather than asking for a retry. */
    static boolean refuses(Throwable failure) {
        return failure instanceof Undeliverable || failure instanceof PunchcardException e && refusedForGood(e);
    }

    /** What is kept with an entry refused by {@code failure}: the core's problem, or the connector's reason. */
    static String problem(Throwable failure) {
        try {
            Object problem = failure instanceof PunchcardException e && e.problem() != null ? e.problem()
                    : java.util.Map.of("detail", String.valueOf(failure.getMessage()));
            return io.punchcard.api.Json.mapper().writeValueAsString(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What became of one entry. */
    sealed interface Delivery permits Delivered, Refused {
    }

    /** @param answer the core's answer, as JSON, kept with the entry */
    record Delivered(String answer) implements Delivery {
    }

    /** @param problem why the core (or the connector, reading it back) refused it for good, as JSON */
    record Refused(String problem) implements Delivery {
    }

    /**
     * A refusal about the entry itself — malformed, unknown, in conflict, invalid — which no retry mends; not one
     * about the connector (its key, 401/403), the core's state (429, 5xx) or the way there.
     */
    static boolean refusedForGood(PunchcardException e) {
        int status = e.status();
        return status == 400 || status == 404 || status == 409 || status == 422;
    }
}
