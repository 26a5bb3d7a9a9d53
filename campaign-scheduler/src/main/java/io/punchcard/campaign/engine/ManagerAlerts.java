package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Store managers' alerts from campaigns: listed for the console, and e-mailed once a day per store.
 */
public interface ManagerAlerts {

    /**
     * One alert.
     *
     * @param store     the member's store, or null when they have none
     * @param emailedAt when it went out in a daily e-mail, or null
     */
    record Alert(long id, String campaign, UUID member, String store, String note, Instant createdAt,
                 Instant emailedAt) {
    }

    /** The latest alerts, newest first, of {@code store} (null: every store). */
    List<Alert> list(String store, int limit);

    /**
     * Plans each store's e-mail of {@code day}: the alerts made before {@code until} and not e-mailed yet, to the
     * address {@code to} gives for the store (a store without one is left for later), marking them e-mailed in the
     * same commit. The e-mail's cause names the store and the day: one per store and day, however many instances or
     * ticks plan it; alerts that come after it wait for the next day's.
     *
     * @return how many e-mails were planned
     */
    int planDigests(java.time.LocalDate day, Instant until, java.util.function.Function<String, String> to,
                    Instant now);
}
