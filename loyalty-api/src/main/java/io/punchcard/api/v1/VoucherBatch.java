package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/vouchers/batch}: up to {@link #MAX_ITEMS} vouchers issued in one call (a campaign's offer to a
 * segment). Each is answered on its own, exactly as {@code POST /api/v1/vouchers} answers it: the two routes share
 * the issue ids, so a voucher issued by one and asked for again by the other is one voucher.
 *
 * @param items 1 to {@link #MAX_ITEMS} vouchers to issue
 */
public record VoucherBatch(List<Issue> items) {

    /** The most vouchers one call may issue. */
    public static final int MAX_ITEMS = 1000;

    /**
     * @param issueId  the caller's id of this issue (required here); a retry with it returns the same voucher
     * @param memberId the owner; leave out for a bearer voucher
     * @param template the template's code
     * @param reason   why it is issued
     * @param campaign the campaign it belongs to, if any; kept with the voucher
     */
    public record Issue(String issueId, UUID memberId, String template, String reason, String campaign) {
    }
}
