package io.punchcard.pos.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store's durable queue of what the tills finished — sales, returns, voids — on its way to the core. An
 * entry is acknowledged to the till only once it is on disk, so a crash or a power cut loses nothing a
 * cashier was told was done; it leaves the queue only when the core has answered it, so nothing is lost on
 * the way either; and the core is idempotent on each entry's id, so sending one twice changes nothing.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Puts an entry on the queue, once: the same till, kind and reference again (a till resending after a
     * timeout) finds the first entry and changes nothing.
     */
    Appended append(NewEntry entry);

    /**
     * Puts several entries on the queue in one commit (one wait for the disk instead of one each), each once as
     * {@link #append} does; all are kept or, on failure, none.
     */
    List<Appended> appendAll(List<NewEntry> entries);

    /** The oldest entries not yet answered by the core, in the order they were finished, at most {@code limit}. */
    List<Entry> pending(int limit);

    /** The core accepted these entries; {@code answers} are its answers, in the same order. */
    void sent(List<Long> ids, List<String> answers, Instant at);

    /** The core refused this entry for good (a 4xx problem): it leaves the queue and waits for a person. */
    void rejected(long id, String problem, Instant at);

    /** Sending failed in a way a retry may mend: counted, and kept at the head of the queue. */
    void failed(List<Long> ids, String error);

    /** The entry with this till, kind and reference, whatever its state. */
    Optional<Entry> find(String terminal, Kind kind, String reference);

    /** How long the queue is and how old its head. */
    Stats stats();

    @Override
    void close();

    /** What a till finished. */
    enum Kind {
        SALE,
        /** A return with its receipt: a refund of the original sale. */
        RETURN,
        /** A return without a receipt: the items' points taken back. */
        UNLINKED_RETURN,
        /** An open sale given up: its held vouchers and points tenders given back. */
        VOID
    }

    /** Where an entry is. */
    enum State {
        PENDING,
        SENT,
        REJECTED
    }

    /**
     * @param terminal  the till
     * @param kind      sale, return or void
     * @param reference the till's id of it (the sale id), unique per till and kind
     * @param body      what to send the core, as JSON
     * @param at        when the till finished it
     */
    record NewEntry(String terminal, Kind kind, String reference, String body, Instant at) {
    }

    /**
     * @param id      its place in the queue
     * @param already true when the till had sent it before and this is the first entry
     */
    record Appended(long id, boolean already) {
    }

    /**
     * @param id        its place in the queue
     * @param terminal  the till
     * @param kind      sale, return or void
     * @param reference the till's id of it
     * @param body      what to send the core
     * @param at        when the till finished it
     * @param state     where it is
     * @param attempts  failed tries so far
     * @param outcome   the core's answer (sent), its problem (rejected), or the last error (pending), or null
     */
    record Entry(long id, String terminal, Kind kind, String reference, String body, Instant at, State state,
                 int attempts, String outcome) {
    }

    /**
     * @param pending      entries waiting for the core
     * @param oldestWaiting when the oldest of them was finished, or null when none waits
     * @param rejected     entries the core refused, waiting for a person
     */
    record Stats(long pending, Instant oldestWaiting, long rejected) {
    }
}
