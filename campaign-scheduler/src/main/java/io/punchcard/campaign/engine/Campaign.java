package io.punchcard.campaign.engine;

import java.time.Instant;

/**
 * A campaign as stored: its spec, where it is in its life, and what it has spent.
 *
 * @param id            its code, chosen at creation (letters, digits, '.', '_', ':' or '-')
 * @param spec          what it does
 * @param status        where it is in its life
 * @param version       increases with every change (an {@code If-Match} names the version a change replaces)
 * @param runningSince  when it last started running: events before this never fire it; null until it runs
 * @param nextRunAt     a scheduled campaign's next occurrence, or null
 * @param spent         what it has given away so far
 * @param createdAt     when it was made
 * @param createdBy     who made it
 * @param updatedAt     its last change
 * @param updatedBy     who made that change
 */
public record Campaign(String id, CampaignSpec spec, Status status, long version, Instant runningSince,
                       Instant nextRunAt, Spent spent, Instant createdAt, String createdBy, Instant updatedAt,
                       String updatedBy) {

    /** Where a campaign is in its life. */
    public enum Status {
        /** Being written; does nothing. */
        DRAFT,
        /** Waiting for {@code startsAt}. */
        SCHEDULED,
        /** Acting. */
        RUNNING,
        /** Stopped for now: acts on nothing until resumed, and never again on what it has done. */
        PAUSED,
        /** Over for good. */
        FINISHED
    }

    /**
     * Budget spent (reserved the moment an effect is taken up, so two workers can never overspend).
     *
     * @param points   points granted or reserved
     * @param vouchers vouchers issued or reserved
     * @param messages messages planned or reserved
     */
    public record Spent(long points, long vouchers, long messages) {
        public static final Spent NONE = new Spent(0, 0, 0);
    }
}
