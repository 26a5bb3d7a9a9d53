package io.punchcard.campaign.message;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;

/**
 * The messages the system sends on its own, read from the core's events: a welcome e-mail when a member joins
 * (marketing: it needs their e-mail consent, and it carries an unsubscribe link), and an e-receipt of points
 * after a purchase, for members who asked for one (tagged {@code receiptTag}; transactional). Each is switched
 * on or off in the configuration. Events older than {@code maxAge} plan nothing: a scheduler started on an old
 * feed, or back from a long outage, must not mail everyone about last year.
 *
 * @param welcome         whether to welcome new members
 * @param welcomeTemplate the welcome e-mail's template
 * @param receipts        whether to send e-receipts
 * @param receiptTemplate the e-receipt's template
 * @param receiptTag      the member tag that asks for e-receipts
 * @param maxAge          how old an event may be and still plan its message
 */
public record Occasions(boolean welcome, String welcomeTemplate, boolean receipts, String receiptTemplate,
                        String receiptTag, Duration maxAge) {

    /** The welcome e-mail for a {@code member.joined} event, when welcomes are on. */
    public Optional<PlannedMessage> welcome(LoyaltyEvent event, UUID memberId, Instant eventAt, Instant now) {
        if (!welcome || !(event instanceof LoyaltyEvent.MemberJoined) || memberId == null
                || eventAt.isBefore(now.minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(new PlannedMessage("welcome:" + memberId, Purpose.MARKETING, Channel.EMAIL, memberId, null,
                welcomeTemplate, CauseFacts.NONE, null, "welcome", now));
    }

    /**
     * The purchase of a {@code purchase.recorded} event that may want an e-receipt (then the member's tags decide):
     * a live sale of a member, not imported history.
     */
    public Optional<LoyaltyEvent.PurchaseRecorded> mayWantReceipt(LoyaltyEvent event, UUID memberId, Instant eventAt,
                                                                  Instant now) {
        if (receipts && event instanceof LoyaltyEvent.PurchaseRecorded purchase && memberId != null
                && !purchase.history() && purchase.purchaseId() != null && !eventAt.isBefore(now.minus(maxAge))) {
            return Optional.of(purchase);
        }
        return Optional.empty();
    }

    /**
     * The e-receipt of a purchase for a member with {@code tags}, in the program's {@code currency}.
     */
    public Optional<PlannedMessage> receipt(UUID memberId, LoyaltyEvent.PurchaseRecorded purchase, List<String> tags,
                                            String currency, Instant now) {
        if (tags == null || !tags.contains(receiptTag)) {
            return Optional.empty();
        }
        return Optional.of(new PlannedMessage("receipt:" + purchase.purchaseId(), Purpose.TRANSACTIONAL,
                Channel.EMAIL, memberId, null, receiptTemplate, new CauseFacts(null, null, purchase.points(),
                money(purchase.totalMinor(), currency), null), null, "e-receipt", now));
    }

    /** {@code 1250} USD as {@code USD 12.50}: the currency's own number of decimals, no locale guessing. */
    static String money(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            digits = 2;
        }
        return (currency == null ? "" : currency + " ") + BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
