package io.punchcard.storefront.forward;

/** What a shop's webhooks put on the outbox. */
public final class StorefrontKinds {

    /** A customer created or changed: resolved to a member, consents as stated. */
    public static final String CUSTOMER = "CUSTOMER";
    /** A paid order: its customer resolved, then its purchase recorded. */
    public static final String ORDER = "ORDER";
    /** Money back on an order, or a cancellation: a refund at the core. */
    public static final String REFUND = "REFUND";
    /** A customer the shop forgets: unlinked, or erased when the shop was their only tie. */
    public static final String FORGET = "FORGET";
    /** A customer's data request: the member's export written for the shop's owner. */
    public static final String EXPORT = "EXPORT";
    /**
     * A signed webhook that could not be taken (another currency, a field the connector cannot read): kept refused
     * from the start, for a person, and taken again by {@code outbox retry}.
     */
    public static final String WEBHOOK = "WEBHOOK";

    private StorefrontKinds() {
    }
}
