package io.punchcard.campaign.message;

/**
 * What a message's cause adds to the member's facts: the one-time code of a sign-in, the points and total of
 * the purchase a receipt is for, the voucher a campaign issued. Kept with the message row, so every attempt
 * renders the same words.
 *
 * @param oneTimeCode   the code of a one-time-code message; never logged
 * @param voucherCode   the voucher the message is about
 * @param pointsEarned  points a receipt reports, or null
 * @param purchaseTotal the purchase's total as the receipt shows it (already formatted), or null
 * @param language      the language of a message to someone who is no member yet (a one-time code), or null
 * @param note          text the cause writes for the reader (a store manager's daily alerts), or null
 */
public record CauseFacts(String oneTimeCode, String voucherCode, Long pointsEarned, String purchaseTotal,
                         String language, String note) {

    public static final CauseFacts NONE = new CauseFacts(null, null, null, null, null);
    /** The longest note: a day's alerts of a store, a line each. */
    public static final int MAX_NOTE_CHARS = 20_000;

    public CauseFacts(String oneTimeCode, String voucherCode, Long pointsEarned, String purchaseTotal,
                      String language) {
        this(oneTimeCode, voucherCode, pointsEarned, purchaseTotal, language, null);
    }

    public CauseFacts {
        if (oneTimeCode != null && !oneTimeCode.matches("[0-9]{4,10}")) {
            throw new IllegalArgumentException("oneTimeCode must be 4 to 10 digits");
        }
        if (voucherCode != null && (voucherCode.isBlank() || voucherCode.length() > 64)) {
            throw new IllegalArgumentException("voucherCode must be 1 to 64 characters");
        }
        if (language != null) {
            language = MessageTemplate.languageTag(language, "language");
        }
        if (note != null && note.length() > MAX_NOTE_CHARS) {
            throw new IllegalArgumentException("note must be at most " + MAX_NOTE_CHARS + " characters");
        }
        if (purchaseTotal != null && purchaseTotal.length() > 64) {
            throw new IllegalArgumentException("purchaseTotal must be at most 64 characters");
        }
    }
}
