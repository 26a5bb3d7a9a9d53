package io.punchcard.loyalty.jobs;

/** The maintenance jobs of the core, each with the name of its {@code job_run} row. */
public enum Job {
    /** Points whose pending period ended: marked released, announced as {@code points.available}. */
    RELEASE_PENDING("release-pending"),
    /** Lots past their expiry: what is left in them leaves the balance with an EXPIRE entry. */
    EXPIRE_LOTS("expire-lots"),
    /** Members below their tier's threshold: grace starts; after it, the tier drops. */
    TIER_REVIEW("tier-review"),
    /** Voucher holds past their time: lapsed, so the use is free again. */
    LAPSE_HOLDS("lapse-reservations"),
    /** Vouchers past their validity: expired. */
    EXPIRE_VOUCHERS("expire-vouchers"),
    /** Kiosk and staff sessions past their end: deleted (they are refused already). */
    END_KIOSK_SESSIONS("end-kiosk-sessions");

    private final String rowName;

    Job(String rowName) {
        this.rowName = rowName;
    }

    /** The name of the job's row in {@code job_run}. */
    public String rowName() {
        return rowName;
    }
}
