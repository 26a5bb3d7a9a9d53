package io.punchcard.kiosk.web;

import java.util.List;
import java.util.Map;

/** The typed models of the kiosk's screens, one record per screen's own part; the templates hold no rule. */
public final class Views {

    private Views() {
    }

    /**
     * The member's home screen, every value already in the shopper's language.
     *
     * @param greeting        "Hello, Ana S." (the till's masking of the name)
     * @param availablePoints the points to spend
     * @param pending         points earned and not yet spendable, with when they become so
     * @param tierName        the tier's name
     * @param tierProgress    the sentence saying how far the next tier is
     * @param expiring        a sentence about points expiring soon; null when none do
     * @param vouchers        vouchers to show at the till
     * @param rewards         the catalogue
     * @param purchases       the last purchases, every channel
     * @param notice          what the last action did ("Your voucher is ready"); null
     * @param problem         what went wrong with the last action; null
     */
    public record Home(String greeting, String availablePoints, List<Line> pending, String tierName,
                       String tierProgress, String expiring, List<Voucher> vouchers, List<Reward> rewards,
                       List<Purchase> purchases, String notice, String problem) {
    }

    /** Two texts side by side: what and when. */
    public record Line(String what, String when) {
    }

    /**
     * @param code       what the till reads
     * @param name       what it gives
     * @param validUntil until when, as a sentence; null when open-ended
     * @param qrSvg      its QR code, an inline SVG element
     * @param barcodeSvg its Code 128, an inline SVG element
     */
    public record Voucher(String code, String name, String validUntil, String qrSvg, String barcodeSvg) {
    }

    /**
     * @param code       the reward's code
     * @param name       what it gives
     * @param price      its price in points, as text
     * @param affordable whether the member has the points
     */
    public record Reward(String code, String name, String price, boolean affordable) {
    }

    /**
     * @param when    when it happened
     * @param where   in which store or online
     * @param total   what was paid
     * @param points  the points it earned, as text
     */
    public record Purchase(String when, String where, String total, String points) {
    }

    /**
     * The redeem confirmation.
     *
     * @param reward       what is being bought
     * @param available    the points the member has, as text
     * @param redemptionId the id every submit of this form carries, so a double submit buys once
     */
    public record Confirm(Reward reward, String available, String redemptionId) {
    }

    /**
     * The sign-up form as the shopper filled it, with what is wrong with it.
     *
     * @param values       the fields' values by name
     * @param errors       what is wrong, by field id, in the shopper's language
     * @param phoneProven  whether the phone was proven by a one-time code
     * @param problem      a problem with the whole form; null
     */
    public record Signup(Map<String, String> values, Map<String, String> errors, boolean phoneProven, String problem) {

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public String error(String field) {
            return errors.get(field);
        }

        public boolean checked(String name) {
            return "yes".equals(values.get(name));
        }
    }

    /**
     * The new member's card.
     *
     * @param cardNumber the number, as text
     * @param qrSvg      its QR code: what the start screen's scan accepts
     */
    public record Card(String cardNumber, String qrSvg) {
    }
}
