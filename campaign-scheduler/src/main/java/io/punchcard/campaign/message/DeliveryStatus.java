package io.punchcard.campaign.message;

/**
 * Where a sent message stands, as the provider's delivery receipts tell it. Receipts arrive late, out of order and
 * more than once, so a status is only ever moved forward with {@link #replaces}.
 */
public enum DeliveryStatus {
    /** We handed it over and the provider has not yet passed it on. */
    QUEUED(0),
    /** The provider passed it to the carrier (or the receiving mail server). */
    SENT(1),
    /** The handset or mailbox has it. Final. */
    DELIVERED(2),
    /** It will never arrive (number unknown, handset unreachable until the carrier gave up). Final. */
    FAILED(2);

    /** Bounds the value quoted back in an error: a receipt is outside input, and may be any size. */
    private static final int MAX_QUOTED_CHARS = 40;

    private final int stage;

    DeliveryStatus(int stage) {
        this.stage = stage;
    }

    /** Whether no receipt can change this status any more. */
    public boolean isFinal() {
        return this == DELIVERED || this == FAILED;
    }

    /**
     * Whether a receipt saying {@code this} should replace the recorded {@code current}. A later stage replaces an
     * earlier one; the same status again is a repeated receipt and changes nothing; a final status is never replaced,
     * so a late "sent" cannot undo "delivered", and a "delivered" that follows "failed" (or the reverse), which only a
     * confused provider sends, leaves the first word standing rather than flip-flopping.
     */
    public boolean replaces(DeliveryStatus current) {
        if (current == null) {
            throw new IllegalArgumentException("current status is required; a message with none yet takes any status");
        }
        return !current.isFinal() && stage > current.stage;
    }

    /** Reads a status name in any case ({@code delivered}, {@code Sent}); surrounding blanks are ignored. */
    public static DeliveryStatus parse(String text) {
        if (text != null) {
            String name = text.strip();
            for (DeliveryStatus status : values()) {
                if (status.name().equalsIgnoreCase(name)) {
                    return status;
                }
            }
        }
        throw new IllegalArgumentException("'" + quoted(text) + "' is not a delivery status; known are queued, sent, "
                + "delivered and failed");
    }

    private static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
