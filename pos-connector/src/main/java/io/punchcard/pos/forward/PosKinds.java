package io.punchcard.pos.forward;

/** What a till finishes, as the store's outbox names it. */
public final class PosKinds {

    /** A finished sale. */
    public static final String SALE = "SALE";
    /** A return with its receipt: a refund of the original sale. */
    public static final String RETURN = "RETURN";
    /** A return without a receipt: the items' points taken back. */
    public static final String UNLINKED_RETURN = "UNLINKED_RETURN";
    /** An open sale given up: its held vouchers and points tenders given back. */
    public static final String VOID = "VOID";

    private PosKinds() {
    }
}
