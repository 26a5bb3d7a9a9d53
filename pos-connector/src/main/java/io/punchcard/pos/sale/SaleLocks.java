package io.punchcard.pos.sale;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per open sale, made when a step on the sale starts and dropped when the last one ends: steps on one
 * sale (apply, remove, finish, void) run one at a time, and a step that waits on the core holds up no other sale.
 */
public final class SaleLocks {

    private final ConcurrentHashMap<String, Held> locks = new ConcurrentHashMap<>();

    private static final class Held {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** A sale's lock, taken; close it to let go. */
    public interface Taken extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock of sale {@code saleId} of till {@code till}, waiting for a step under way on it. */
    public Taken take(String till, String saleId) {
        String key = till + "/" + saleId;
        Held held = locks.compute(key, (k, existing) -> {
            Held h = existing == null ? new Held() : existing;
            h.users++;
            return h;
        });
        held.lock.lock();
        return () -> {
            held.lock.unlock();
            locks.compute(key, (k, existing) -> --existing.users == 0 ? null : existing);
        };
    }

    /** Sales with a step under way or waiting (for tests). */
    public int size() {
        return locks.size();
    }
}
