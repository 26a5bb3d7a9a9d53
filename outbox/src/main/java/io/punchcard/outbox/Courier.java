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
     * again later. Every delivery must be safe to repeat: an answer can be lost after the core acted.
     */
    List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception;

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
