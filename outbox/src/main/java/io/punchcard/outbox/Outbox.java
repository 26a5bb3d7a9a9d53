package io.punchcard.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A connector's durable queue of what it must tell the core — a store's sales, returns and voids, an online
 * shop's orders, refunds and customers. An entry is acknowledged to whoever sent it (a till, a shop's webhook)
 * only once it is on disk, so a crash or a power cut loses nothing the sender was told was done; it leaves the
 * queue only when the core has answered it, so nothing is lost on the way either; and the core is idempotent
 * on each entry's id, so sending one twice changes nothing.
 *
 * <p>Entries belong to a <em>stream</em> (a till, a shop) and have a <em>kind</em> that the connector names and
 * its {@link Courier} knows how to deliver. They are delivered in the order they were appended.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Puts an entry on the queue, once: the same stream, kind and reference again (a till resending after a
     * timeout, a webhook delivered twice) finds the first entry and changes nothing.
     */
    Appended append(NewEntry entry);

    /**
     * Puts several entries on the queue in one commit (one wait for the disk instead of one each), each once as
     * {@link #append} does; all are kept or, on failure, none.
     */
    List<Appended> appendAll(List<NewEntry> entries);

    /** The oldest entries not yet answered by the core, in the order they were appended, at most {@code limit}. */
    List<Entry> pending(int limit);

    /** The core accepted these entries; {@code answers} are its answers, in the same order. */
    void sent(List<Long> ids, List<String> answers, Instant at);

    /** The core refused this entry for good (a 4xx problem): it leaves the queue and waits for a person. */
    void rejected(long id, String problem, Instant at);

    /** Sending failed in a way a retry may mend: counted, and kept at the head of the queue. */
    void failed(List<Long> ids, String error);

    /** The entry with this stream, kind and reference, whatever its state. */
    Optional<Entry> find(String stream, String kind, String reference);

    /** The entries the core refused, newest first, at most {@code limit}: what a person must look at. */
    List<Entry> rejected(int limit);

    /**
     * Puts an entry the core refused back on the queue, in its old place, once the cause is mended (a member
     * enrolled, the program's currency set): false when there is no refused entry {@code id}.
     */
    boolean retry(long id);

    /** How long the queue is and how old its head. */
    Stats stats();

    @Override
    void close();

    /** Where an entry is. */
    enum State {
        PENDING,
        SENT,
        REJECTED
    }

    /**
     * @param stream    whose it is: the till, the shop
     * @param kind      what it is, in the connector's words (SALE, ORDER, ...)
     * @param reference the sender's id of it, unique per stream and kind
     * @param body      what to send the core, as JSON
     * @param at        when it happened
     */
    record NewEntry(String stream, String kind, String reference, String body, Instant at) {
    }

    /**
     * @param id      its place in the queue
     * @param already true when it had been appended before and this is the first entry
     */
    record Appended(long id, boolean already) {
    }

    /**
     * @param id        its place in the queue
     * @param stream    whose it is
     * @param kind      what it is
     * @param reference the sender's id of it
     * @param body      what to send the core
     * @param at        when it happened
     * @param state     where it is
     * @param attempts  failed tries so far
     * @param outcome   the core's answer (sent), its problem (rejected), or the last error (pending), or null
     */
    record Entry(long id, String stream, String kind, String reference, String body, Instant at, State state,
                 int attempts, String outcome) {
    }

    /**
     * @param pending       entries waiting for the core
     * @param oldestWaiting when the oldest of them happened, or null when none waits
     * @param rejected      entries the core refused, waiting for a person
     */
    record Stats(long pending, Instant oldestWaiting, long rejected) {
    }
}
