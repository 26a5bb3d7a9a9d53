package io.punchcard.loyalty.voucher;

import java.time.Instant;
import java.util.UUID;

import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.VoucherTemplate;

/**
 * An issued voucher.
 *
 * @param id          its id
 * @param code        its code, {@code XXXX-XXXX-XXXX-C}
 * @param template    what it gives, as the template was when it was issued
 * @param memberId    its owner, or null for a bearer voucher anyone may use
 * @param status      ISSUED, REDEEMED, EXPIRED or VOIDED
 * @param usesAllowed how many sales it can be used on
 * @param uses        how many it has been used on
 * @param validFrom   from when
 * @param validUntil  until when
 * @param issuedAt    when it was issued
 */
public record Voucher(UUID id, String code, VoucherTemplate template, UUID memberId, String status, int usesAllowed,
                      int uses, Instant validFrom, Instant validUntil, Instant issuedAt) {

    /** Why a voucher cannot be used on a sale, or null when it can. */
    public String refusal(UUID member, Channel channel, String store, long eligibleMinor, Instant now) {
        if (!"ISSUED".equals(status)) {
            return "the voucher is " + status.toLowerCase(java.util.Locale.ROOT);
        }
        if (now.isBefore(validFrom)) {
            return "the voucher is valid from " + validFrom;
        }
        if (!now.isBefore(validUntil)) {
            return "the voucher expired at " + validUntil;
        }
        String misfit = misfit(member, channel, store);
        if (misfit != null) {
            return misfit;
        }
        if (eligibleMinor < template.minSpendMinor()) {
            return "the basket is under the voucher's minimum spend of " + template.minSpendMinor();
        }
        return null;
    }

    /**
     * Why the voucher can never be used by this shopper here, whatever the time and basket, or null. A voucher
     * held for a sale is checked on this alone when the sale is recorded: its state and dates were checked when
     * it was held (the sale may reach the core later, from a store that was offline), and its minimum spend
     * against the basket before its own discount.
     */
    public String misfit(UUID member, Channel channel, String store) {
        if (memberId != null && !memberId.equals(member)) {
            return "the voucher belongs to another member";
        }
        if (channel != null && !template.channels().isEmpty() && !template.channels().contains(channel)) {
            return "the voucher is not valid in " + channel;
        }
        if (store != null && !template.stores().isEmpty() && !template.stores().contains(store)) {
            return "the voucher is not valid at store " + store;
        }
        return null;
    }

    /** The discount it gives on {@code eligibleMinor} (0 for free items and points multipliers). */
    public long discountOn(long eligibleMinor) {
        return switch (template.kind()) {
            case AMOUNT_OFF -> Math.min(template.amountMinor(), eligibleMinor);
            case PERCENT_OFF -> eligibleMinor * template.percentOff() / 100;
            case FREE_ITEM, POINTS_MULTIPLIER -> 0;
        };
    }
}
