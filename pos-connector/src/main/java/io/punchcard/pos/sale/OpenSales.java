package io.punchcard.pos.sale;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What each open sale holds at the core — vouchers held, points taken as tenders — kept on the connector's disk,
 * so a void gives it all back even after a restart.
 */
public interface OpenSales {

    /** Notes a voucher held or points taken for the sale; noting the same one again changes nothing. */
    void add(Held held);

    /** Forgets a voucher given back before the sale ended. */
    void remove(String terminal, String saleId, Kind kind, String reference);

    /** What the sale holds, in the order it was applied. */
    List<Held> of(String terminal, String saleId);

    /** What a sale can hold. */
    enum Kind {
        VOUCHER,
        POINTS
    }

    /**
     * @param terminal   the till
     * @param saleId     the till's sale id
     * @param kind       voucher or points
     * @param reference  the voucher code, or the points tender's redemption id
     * @param memberId   the shopper
     * @param points     points taken (0 for a voucher)
     * @param valueMinor what the points pay (0 for a voucher)
     * @param at         when
     */
    record Held(String terminal, String saleId, Kind kind, String reference, UUID memberId, long points,
                long valueMinor, Instant at) {
    }
}
