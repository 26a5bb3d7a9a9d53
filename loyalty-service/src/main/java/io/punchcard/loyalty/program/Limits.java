package io.punchcard.loyalty.program;

import java.util.List;

import io.punchcard.api.v1.PurchaseLimits;
import io.punchcard.api.v1.PurchaseSource;

/** The bounds every request is held to, so no request can make the core do unbounded work. */
public final class Limits {

    /** Lines in one purchase. */
    public static final int MAX_LINES = PurchaseLimits.MAX_LINES;
    /** Purchases in one batch. */
    public static final int MAX_BATCH = 500;
    /** Characters in a name, SKU, category, id or reason. */
    public static final int MAX_TEXT = PurchaseLimits.MAX_TEXT;
    /** Tags on a member. */
    public static final int MAX_TAGS = 20;
    /** External ids on a member. */
    public static final int MAX_EXTERNAL_IDS = 10;
    /** A single money amount, in minor units: 10 million in major units. */
    public static final long MAX_AMOUNT_MINOR = PurchaseLimits.MAX_AMOUNT_MINOR;
    /** Points in a single redemption or adjustment. */
    public static final long MAX_POINTS = 100_000_000L;
    /** Vouchers named on one sale or quote. */
    public static final int MAX_VOUCHERS = PurchaseLimits.MAX_LIST;
    /** Tenders on one sale. */
    public static final int MAX_TENDERS = PurchaseLimits.MAX_LIST;
    /** Events served in one page of the feed. */
    public static final int MAX_EVENTS_PAGE = 1000;

    private Limits() {
    }

    /** Adds a violation when {@code text} is longer than {@link #MAX_TEXT}. */
    public static void text(List<Violation> violations, String field, String text) {
        if (text != null && text.length() > MAX_TEXT) {
            violations.add(new Violation(field, "is longer than " + MAX_TEXT + " characters"));
        }
    }

    /** A campaign's id, as the campaign engine names campaigns (a slug or a UUID). */
    private static final java.util.regex.Pattern CAMPAIGN = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    /** Adds a violation when {@code campaign} is given and is not a campaign id. */
    public static void campaign(List<Violation> violations, String field, String campaign) {
        if (campaign != null && !CAMPAIGN.matcher(campaign).matches()) {
            violations.add(new Violation(field, "is a campaign id: 1 to 64 letters, digits, '_', '.', ':' or '-', "
                    + "starting with a letter or digit"));
        }
    }

    /** Adds a violation when {@code text} is missing or blank (whatever its length). */
    public static void present(List<Violation> violations, String field, String text) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, "is required"));
        }
    }

    /** Adds a violation when {@code text} is missing or blank, or too long. */
    public static void required(List<Violation> violations, String field, String text) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, "is required"));
        } else {
            text(violations, field, text);
        }
    }

    /** Adds violations for a source's fields that are too long (whether they are required is the caller's rule). */
    public static void source(List<Violation> violations, String field, PurchaseSource source) {
        text(violations, field + ".channel", source.channel());
        text(violations, field + ".store", source.store());
        text(violations, field + ".terminal", source.terminal());
        text(violations, field + ".shop", source.shop());
    }

    /** Adds violations for a list of typed voucher codes: at most {@link #MAX_VOUCHERS}, each of bounded length. */
    public static void voucherCodes(List<Violation> violations, String field, List<String> codes) {
        if (codes == null) {
            return;
        }
        if (codes.size() > MAX_VOUCHERS) {
            violations.add(new Violation(field, "at most " + MAX_VOUCHERS));
            return;
        }
        for (int i = 0; i < codes.size(); i++) {
            text(violations, field + "[" + i + "]", codes.get(i));
        }
    }

    /** Adds a violation when {@code amount} is negative or beyond {@link #MAX_AMOUNT_MINOR}. */
    public static void amount(List<Violation> violations, String field, Long amount) {
        if (amount != null && (amount < 0 || amount > MAX_AMOUNT_MINOR)) {
            violations.add(new Violation(field, "must be between 0 and " + MAX_AMOUNT_MINOR));
        }
    }
}
